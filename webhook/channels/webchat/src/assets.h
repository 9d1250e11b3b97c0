// The page's static files (assets/), compiled into the binary by
// embed_assets.cmake at build time, each as written and gzip-compressed:
// the server is one self-contained file, and nothing is read from disk or
// compressed per request.
//
// Thread-safety: immutable data.
#pragma once

#include <span>
#include <string_view>

namespace levier::channels::webchat {

struct EmbeddedAsset {
  std::string_view name;  // file name in assets/: "index.html"
  std::string_view body;  // the bytes as written
  std::string_view gzip;  // the same, gzip -9
};

std::span<const EmbeddedAsset> EmbeddedAssets();

}  // namespace levier::channels::webchat
