// Test harness: runs the real `levier serve` binary on an ephemeral loopback
// port with a fresh SQLite file in a temporary directory.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace levier::testing {

// A temporary directory removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `levier ARGS...` to completion with extra environment variables.
CommandResult RunLevier(const std::vector<std::string>& args,
                        const std::map<std::string, std::string>& env = {},
                        const std::string& stdin_text = "");

class ServerProcess {
 public:
  static constexpr const char* kAuthToken = "5f0c2e9a7b14d8e36a91c0f47e2b5d83";
  static constexpr const char* kPublicUrl = "https://levier.test";

  struct Options {
    std::string dialogs_dir;               // "" = the shipped dialogs/default
    std::string kb_dir;                    // "" = the shipped knowledge-base/data
    std::vector<std::string> extra_args;   // appended to `levier serve ...`
    std::map<std::string, std::string> env;  // added to the default environment
    std::string db;                        // "" = a fresh SQLite file in `dir` (db_path())
  };

  // Starts `levier serve` with the shipped dialogs and knowledge base, the
  // database in `dir`, stderr captured in `dir`/server.log.
  explicit ServerProcess(const std::filesystem::path& dir) : ServerProcess(dir, Options{}) {}
  ServerProcess(const std::filesystem::path& dir, const Options& options);
  ~ServerProcess();

  std::uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::filesystem::path db_path() const { return dir_ / "levier.db"; }
  std::filesystem::path log_path() const { return dir_ / "server.log"; }
  // The end of the server's log (whole lines), for failure messages.
  std::string LogTail(std::size_t bytes = 4000) const;
  // Sends SIGTERM and waits; returns the exit status (or -1 if it had to be
  // killed), printing the end of the log when it is not 0.
  int Stop();
  bool running() const { return pid_ > 0; }
  // Sends `signal` (e.g. SIGHUP) to the server.
  void Signal(int signal);
  // Waits until the log holds `needle` `occurrences` times (reloads are
  // asynchronous). Generous, like the wait for start-up: a reload loads,
  // checks and records the whole script, seconds under ThreadSanitizer.
  bool WaitForLog(const std::string& needle, int occurrences = 1) const;
  // SIGKILL, as a crash would; waits for the process to be gone.
  void Kill();
  // False once the process has exited (crashed or stopped by itself).
  bool Alive();

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// Polls `done` every 100 ms for at most `seconds`; its last answer.
bool WaitUntil(const std::function<bool()>& done, int seconds);

// Reads a whole file (for the privacy checks on the database and log).
std::string ReadFile(const std::filesystem::path& path);

// Runs a single-value SQL query read-only against `db`; returns it as text.
std::string QueryScalar(const std::filesystem::path& db, const std::string& sql);

// Runs `sql` read-write against `db` (set up a state, or age one), waiting up
// to 5 s while the server writes; throws with SQLite's message on failure.
void ExecSql(const std::filesystem::path& db, const std::string& sql);

}  // namespace levier::testing
