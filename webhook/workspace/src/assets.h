// The workspace's pages (assets/), compiled into the binary by
// cmake/EmbedAssets.cmake at build time.
//
// Thread-safety: immutable data.
#pragma once

#include <span>

#include "levier/webhook/web.h"

namespace levier::workspace {

std::span<const webhook::EmbeddedAsset> EmbeddedAssets();

}  // namespace levier::workspace
