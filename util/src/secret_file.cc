#include "levier/util/secret_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "levier/util/crypto.h"

namespace levier {
namespace {

// NotFound when the file does not exist.
Result<std::string> ReadSecretFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("no secret file '" + path.string() + "'");
  std::string value;
  std::getline(in, value);
  if (value.size() < 32) {
    return Status::InvalidArgument("secret file '" + path.string() + "' is too short");
  }
  return value;
}

}  // namespace

Result<std::string> ReadOrCreateSecretFile(const std::filesystem::path& path) {
  Result<std::string> existing = ReadSecretFile(path);
  if (existing.ok() || existing.status().code() != StatusCode::kNotFound) return existing;

  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const std::string value = crypto::HexEncode(crypto::RandomBytes(32));
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
