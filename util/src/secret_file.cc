#include "levier/util/secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>

#include "levier/util/crypto.h"

namespace levier {

Result<std::string> ReadSecretFile(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound("no secret file '" + path.string() + "'");
    return Status::Unavailable("cannot read secret file '" + path.string() + "'");
  }
  // A key others can read is no longer a key; one they can write may be replaced.
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return Status::FailedPrecondition("secret file '" + path.string() +
                                      "' is open to group or others (mode " + mode +
                                      "): run `chmod 600 " + path.string() + "`");
  }
  std::ifstream in(path);
  if (!in) return Status::Unavailable("cannot read secret file '" + path.string() + "'");
  std::string value;
  std::getline(in, value);
  if (value.size() < 32) {
    return Status::InvalidArgument("secret file '" + path.string() + "' is too short");
  }
  return value;
}

Result<std::string> ReadOrCreateSecretFile(const std::filesystem::path& path,
                                           std::size_t random_bytes) {
  Result<std::string> existing = ReadSecretFile(path);
  if (existing.ok() || existing.status().code() != StatusCode::kNotFound) return existing;

  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const std::string value = crypto::HexEncode(crypto::RandomBytes(random_bytes));
  const std::string staged = path.string() + ".new-" + crypto::HexEncode(crypto::RandomBytes(8));
  const int fd = ::open(staged.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Status::Unavailable("cannot create secret file '" + path.string() + "'");
  const std::string line = value + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(staged.c_str());
    return Status::Unavailable("cannot write secret file '" + path.string() + "'");
  }
  // link() fails if the name exists: whoever links first wins, and nobody
  // ever reads a half-written file.
  const int linked = ::link(staged.c_str(), path.c_str());
  const int link_error = errno;
  ::unlink(staged.c_str());
  if (linked != 0) {
    if (link_error == EEXIST) return ReadSecretFile(path);
    return Status::Unavailable("cannot create secret file '" + path.string() + "'");
  }
  return value;
}

}  // namespace levier
