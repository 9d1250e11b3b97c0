// A secret kept in a file of its own (the pseudonym key, the outbox key, the
// development Twilio token): read when the file exists, else generated and
// written once, mode 0600.
#pragma once

#include <filesystem>
#include <string>

#include "levier/util/status.h"

namespace levier {

// The first line of `path`, which must hold at least 32 characters; when the
// file does not exist, 32 random bytes in hex, written to it first. Several
// processes may call this at once for the same path (the server and a
// `levier send` started beside it): the file appears whole or not at all
// (written under a temporary name, then linked into place), and all of them
// get the value of the one that linked first.
Result<std::string> ReadOrCreateSecretFile(const std::filesystem::path& path);

}  // namespace levier
