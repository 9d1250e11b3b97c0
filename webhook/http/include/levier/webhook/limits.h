// Every bound the HTTP server puts on its input, in one place, with the
// defaults documented in docs/configuration.md.
#pragma once

#include <chrono>
#include <cstddef>

namespace levier::webhook {

struct ServerLimits {
  std::size_t header_bytes = 8 * 1024;        // request line + headers
  std::size_t body_bytes = 64 * 1024;         // request body
  std::size_t max_connections = 1024;         // open connections; more are closed at accept
  std::chrono::milliseconds read_timeout{10'000};   // whole request, from the first byte wait
  std::chrono::milliseconds write_timeout{10'000};  // whole response
  std::chrono::milliseconds shutdown_grace{10'000}; // in-flight requests on SIGTERM
  std::size_t form_params = 256;              // parameters in one form body
  std::size_t threads = 0;                    // I/O threads; 0 = one per core
};

}  // namespace levier::webhook
