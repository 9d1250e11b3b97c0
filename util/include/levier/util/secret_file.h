// A secret kept in a file of its own (the pseudonym key, the outbox key, the
// development Twilio token): read when the file exists, else generated and
// written once, mode 0600.
#pragma once

#include <filesystem>
#include <string>

#include "levier/util/status.h"

namespace levier {

// The first line of `path`, which must hold at least 32 characters; when the
// file does not exist, `random_bytes` random bytes in hex, written to it first. Several
// processes may call this at once for the same path (the server and a
// `levier send` started beside it): the file appears whole or not at all
// (written under a temporary name, then linked into place), and all of them
// get the value of the one that linked first.
// Fails like ReadSecretFile when the file exists but is refused.
Result<std::string> ReadOrCreateSecretFile(const std::filesystem::path& path,
                                           std::size_t random_bytes = 32);

// The first line of an existing secret file: NotFound when there is none;
// FailedPrecondition when group or others may read or write it (the message
// gives the chmod to run); InvalidArgument when it holds under 32 characters.
Result<std::string> ReadSecretFile(const std::filesystem::path& path);

}  // namespace levier
