#include "server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace levier::testing {
namespace {

std::vector<std::string> ContentArgs(const std::string& dialogs_dir, const std::string& kb_dir) {
  return {"--dialogs",
          dialogs_dir.empty() ? std::string(LEVIER_SOURCE_DIR) + "/dialogs/default" : dialogs_dir,
          "--kb", kb_dir.empty() ? std::string(LEVIER_SOURCE_DIR) + "/knowledge-base/data" : kb_dir};
}

// fork + exec of the levier binary with `env` added; returns the pid.
// Everything the child needs is built before fork: tests start servers while
// their client threads run, and a child of a multithreaded process that
// allocates (setenv, a vector) can deadlock on a lock another thread held at
// the fork (the sanitizers' allocators) and never exec.
pid_t Spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            int stdin_fd, int stdout_fd, int stderr_fd) {
  std::vector<std::string> entries;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (!env.contains(std::string(entry.substr(0, entry.find('='))))) entries.emplace_back(entry);
  }
  for (const auto& [k, v] : env) entries.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (std::string& entry : entries) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::string binary = LEVIER_BINARY;
  std::vector<std::string> arg_strings = args;
  std::vector<char*> argv{binary.data()};
  for (std::string& a : arg_strings) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {  // only async-signal-safe calls from here to exec
    dup2(stdin_fd, 0);
    dup2(stdout_fd, 1);
    dup2(stderr_fd, 2);
    execve(binary.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

std::string Slurp(int fd) {
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

}  // namespace

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "levier-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

CommandResult RunLevier(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env,
                        const std::string& stdin_text) {
  TempDir io;
  const auto in_path = io.path() / "in", out_path = io.path() / "out", err_path = io.path() / "err";
  { std::ofstream(in_path) << stdin_text; }
  const int in = open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const pid_t pid = Spawn(args, env, in, out, err);
  close(in);
  close(out);
  close(err);
  int status = 0;
  waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

ServerProcess::ServerProcess(const std::filesystem::path& dir, const Options& options)
    : dir_(dir) {
  std::vector<std::string> args = {"serve", "--listen", "127.0.0.1:0", "--db",
                                   options.db.empty() ? db_path().string() : options.db};
  for (auto& a : ContentArgs(options.dialogs_dir, options.kb_dir)) args.push_back(a);
  for (auto& a : options.extra_args) args.push_back(a);
  std::map<std::string, std::string> env = {{"LEVIER_TWILIO_AUTH_TOKEN", kAuthToken},
                                            {"LEVIER_PUBLIC_URL", kPublicUrl},
                                            {"LEVIER_LOG_LEVEL", "debug"}};
  for (const auto& [k, v] : options.env) env[k] = v;
  // Close-on-exec, so that a server started at the same time by another
  // thread does not inherit them (its stdout would then never see EOF).
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  const int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
  const int err = open(log_path().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  pid_ = Spawn(args, env, in, out_pipe[1], err);
  close(in);
  close(err);
  close(out_pipe[1]);
  // Read stdout until the "listening on" line gives the port. Generous:
  // sanitizer builds on a loaded 2-core machine start slowly.
  std::string out;
  // No std::regex here: the server is restarted while client threads run, and
  // compiling a regex races on libstdc++'s shared ctype cache.
  constexpr std::string_view kListening = "listening on http://127.0.0.1:";
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_pipe[0], POLLIN, 0};
    if (poll(&p, 1, 100) > 0) {
      char buf[1024];
      const ssize_t n = read(out_pipe[0], buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
      const auto at = out.find(kListening);
      const auto digits_end = out.find_first_not_of("0123456789", at + kListening.size());
      if (at != std::string::npos && digits_end != std::string::npos &&
          digits_end > at + kListening.size()) {
        port_ = static_cast<std::uint16_t>(
            std::stoi(out.substr(at + kListening.size(), digits_end - at - kListening.size())));
        break;
      }
    }
  }
  // Keep draining stdout in the background so the server never blocks on it.
  std::thread([fd = out_pipe[0]] {
    Slurp(fd);
    close(fd);
  }).detach();
  if (port_ == 0) {
    Stop();
    throw std::runtime_error("levier serve did not start; log: " + ReadFile(log_path()));
  }
}

ServerProcess::~ServerProcess() { Stop(); }

void ServerProcess::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

bool ServerProcess::WaitForLog(const std::string& needle, int occurrences) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string log = ReadFile(log_path());
    int found = 0;
    for (auto pos = log.find(needle); pos != std::string::npos; pos = log.find(needle, pos + 1)) {
      ++found;
    }
    if (found >= occurrences) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void ServerProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool ServerProcess::Alive() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == 0) return true;
  pid_ = -1;
  return false;
}

int ServerProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  // Generous: a sanitizer build checks for leaks at exit, slowly on a loaded
  // 2-core machine. A server that takes this long has hung: it is killed and
  // the test fails on the -1.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool hung = false;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      hung = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  const int result = !hung && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (result != 0) {
    // The test's temporary directory, and the log with it, goes away: keep
    // the end of the log in the test's output (the server logs neither
    // bodies nor numbers).
    std::cerr << "levier serve stopped with status " << result << "; end of its log:\n"
              << LogTail() << "\n";
  }
  return result;
}

std::string ServerProcess::LogTail(std::size_t bytes) const {
  const std::string log = ReadFile(log_path());
  if (log.size() <= bytes) return log;
  const std::size_t line = log.find('\n', log.size() - bytes);
  return log.substr(line == std::string::npos ? log.size() - bytes : line + 1);
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

bool WaitUntil(const std::function<bool()>& done, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

std::string QueryScalar(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + db.string());
  }
  sqlite3_stmt* stmt = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    value = text == nullptr ? "" : reinterpret_cast<const char*>(text);
  } else {
    std::string error = sqlite3_errmsg(handle);
    sqlite3_finalize(stmt);
    sqlite3_close(handle);
    throw std::runtime_error("query failed: " + sql + ": " + error);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(handle);
  return value;
}

void ExecSql(const std::filesystem::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  if (sqlite3_open(db.c_str(), &handle) != SQLITE_OK) {
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + db.string());
  }
  sqlite3_busy_timeout(handle, 5000);  // the server may be writing
  char* error = nullptr;
  const int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
  const std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  sqlite3_close(handle);
  if (rc != SQLITE_OK) throw std::runtime_error("exec failed: " + sql + ": " + message);
}

}  // namespace levier::testing
