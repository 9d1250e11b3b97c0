# Interface targets carrying warnings and sanitizer flags. Components link
# levier_warnings privately so flags never leak onto consumers' compile lines.
add_library(levier_warnings INTERFACE)
target_compile_options(levier_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wconversion -Wno-sign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)

add_library(levier_sanitizers INTERFACE)
# Sanitizer reports need file and line only: line tables (-g1) build about a
# third faster than full debug information, and CI builds everything twice.
# -O1, as both sanitizers' documentation advises: the integration tests'
# servers ran about a third faster under ThreadSanitizer (docs/testing.md),
# for a slightly longer build. (Test code itself stays at -O0: tests/CMakeLists.txt.)
if(LEVIER_SANITIZE)
  target_compile_options(levier_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g1 -O1)
  target_link_options(levier_sanitizers INTERFACE -fsanitize=address,undefined)
  # At -O1 under ASan, GCC 12 reports "may be used uninitialized" inside
  # libstdc++'s std::regex and std::function (about 20 lines per build) and
  # once at a std::optional it cannot see through; the release build (-O2,
  # where the analysis is sound) keeps the warning for Levier's own code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(levier_sanitizers INTERFACE -Wno-maybe-uninitialized)
  endif()
endif()
# LEVIER_FUZZ: libFuzzer builds of tests/fuzz (clang only; the `fuzz`
# preset). Every Levier library gets coverage instrumentation
# (fuzzer-no-link) plus ASan and UBSan; the fuzz targets link libFuzzer.
option(LEVIER_FUZZ "Build the fuzz targets with libFuzzer, ASan and UBSan (clang)" OFF)
if(LEVIER_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "LEVIER_FUZZ needs clang (libFuzzer); use `cmake --preset fuzz`")
  endif()
  if(LEVIER_SANITIZE OR LEVIER_TSAN)
    message(FATAL_ERROR "LEVIER_FUZZ already enables ASan and UBSan; leave LEVIER_SANITIZE and LEVIER_TSAN off")
  endif()
  target_compile_options(levier_sanitizers INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  target_link_options(levier_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
if(LEVIER_TSAN)
  target_compile_options(levier_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer -g1 -O1)
  target_link_options(levier_sanitizers INTERFACE -fsanitize=thread)
  # GCC warns at every std::atomic_thread_fence that TSan does not model
  # fences: about 220 lines per build, all from libstdc++ as Boost.Asio uses
  # it (Levier's own code has none). The warning changes nothing TSan checks.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(levier_sanitizers INTERFACE -Wno-tsan)
  endif()
endif()

# levier_defaults: what every Levier target links (privately).
add_library(levier_defaults INTERFACE)
target_link_libraries(levier_defaults INTERFACE levier_warnings levier_sanitizers)
