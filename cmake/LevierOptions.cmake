# Interface targets carrying warnings and sanitizer flags. Components link
# levier_warnings privately so flags never leak onto consumers' compile lines.
add_library(levier_warnings INTERFACE)
target_compile_options(levier_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wconversion -Wno-sign-conversion
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)

add_library(levier_sanitizers INTERFACE)
if(LEVIER_SANITIZE)
  target_compile_options(levier_sanitizers INTERFACE
    -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(levier_sanitizers INTERFACE -fsanitize=address,undefined)
endif()
if(LEVIER_TSAN)
  target_compile_options(levier_sanitizers INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(levier_sanitizers INTERFACE -fsanitize=thread)
endif()

# levier_defaults: what every Levier target links (privately).
add_library(levier_defaults INTERFACE)
target_link_libraries(levier_defaults INTERFACE levier_warnings levier_sanitizers)
