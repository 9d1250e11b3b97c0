// application/x-www-form-urlencoded decoding (HTML form rules: '+' is a
// space, %XX escapes), bounded. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "levier/util/status.h"

namespace levier::net {

// Pairs in body order; repeated keys and empty values are kept.
using FormParams = std::vector<std::pair<std::string, std::string>>;

// Fails with InvalidArgument on a bad %-escape, a NUL byte, invalid UTF-8
// in a key or value, or more than `max_params` parameters.
Result<FormParams> DecodeForm(std::string_view body, std::size_t max_params);

// The first value of `key`, or nullptr.
const std::string* FindParam(const FormParams& params, std::string_view key);

// Encodes pairs as a form body (for the CLI client and tests).
std::string EncodeForm(const FormParams& params);

}  // namespace levier::net
