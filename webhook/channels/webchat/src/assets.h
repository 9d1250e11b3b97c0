// The page's static files (assets/), compiled into the binary by
// cmake/EmbedAssets.cmake at build time.
//
// Thread-safety: immutable data.
#pragma once

#include <span>

#include "levier/webhook/web.h"

namespace levier::channels::webchat {

std::span<const webhook::EmbeddedAsset> EmbeddedAssets();

}  // namespace levier::channels::webchat
