// What the fuzz targets share: the libFuzzer entry point declaration and
// FUZZ_CHECK, which stops the process on a broken invariant.
//
// A failed FUZZ_CHECK prints the condition and its location and aborts, so
// libFuzzer saves the input as a crash artifact and the corpus replayer
// (fuzz_replay.cc) fails its ctest test. Assertions that compile away in
// release builds would hide findings, hence not assert().
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace levier::fuzz {

[[noreturn]] inline void CheckFailed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, condition);
  std::abort();
}

// Runs `body`, turning any exception into an abort: "never throws" is an
// invariant of every target, and an escaping exception must be a finding
// rather than something a caller further up could swallow.
template <typename Body>
void NoThrow(const char* what, Body&& body) {
  try {
    body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz invariant broken: %s threw: %s\n", what, e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "fuzz invariant broken: %s threw a non-std exception\n", what);
    std::abort();
  }
}

}  // namespace levier::fuzz

#define FUZZ_CHECK(condition) \
  ((condition) ? static_cast<void>(0) : ::levier::fuzz::CheckFailed(#condition, __FILE__, __LINE__))
