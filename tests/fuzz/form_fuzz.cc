// Fuzz target: the form decoder every webhook request body goes through
// (levier/net/form.h). Invariants: never throws; what it accepts is
// within the parameter limit, valid UTF-8 with no NUL, and survives
// EncodeForm -> DecodeForm unchanged; FindParam returns the first value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "levier/util/utf8.h"
#include "levier/net/form.h"
#include "levier/webhook/limits.h"

namespace {

using levier::net::FormParams;

// The server's default bound, so the fuzzer explores what production accepts.
const std::size_t kMaxParams = levier::webhook::ServerLimits{}.form_params;

void CheckAccepted(const FormParams& params) {
  FUZZ_CHECK(params.size() <= kMaxParams);
  for (const auto& [key, value] : params) {
    FUZZ_CHECK(levier::IsValidUtf8(key));
    FUZZ_CHECK(levier::IsValidUtf8(value));
    FUZZ_CHECK(key.find('\0') == std::string::npos);
    FUZZ_CHECK(value.find('\0') == std::string::npos);
  }
  const std::string encoded = levier::net::EncodeForm(params);
  levier::Result<FormParams> again = levier::net::DecodeForm(encoded, kMaxParams);
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == params);
  if (!params.empty()) {
    const std::string* first = levier::net::FindParam(params, params.back().first);
    FUZZ_CHECK(first != nullptr);
    for (const auto& [key, value] : params) {
      if (key == params.back().first) {
        FUZZ_CHECK(first == &value);
        break;
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  levier::fuzz::NoThrow("DecodeForm", [&] {
    levier::Result<FormParams> params = levier::net::DecodeForm(body, kMaxParams);
    if (params.ok()) CheckAccepted(*params);
  });
  return 0;
}
