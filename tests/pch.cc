// Source of the precompiled header the test targets share (tests/CMakeLists.txt).
