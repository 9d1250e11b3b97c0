// QR codes for the professionals' printable invitation cards: a link is
// encoded once into a module grid, then drawn as SVG (for the card page,
// sized by CSS) or as PNG (for download and print).
//
// Pure functions of their arguments; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "levier/util/status.h"

namespace levier::qr {

// A QR symbol without its quiet zone: `size` modules per side, `dark` in
// row-major order (size * size entries).
struct QrCode {
  int size = 0;
  std::vector<bool> dark;

  // REQUIRES: 0 <= x, y < size.
  bool Dark(int x, int y) const { return dark[static_cast<size_t>(y) * size + x]; }
};

// Encodes `text` as bytes (8-bit mode, smallest version that fits, error
// correction level M). InvalidArgument if `text` is empty or longer than
// kMaxTextBytes; Internal if libqrencode fails.
inline constexpr size_t kMaxTextBytes = 1000;
Result<QrCode> Encode(std::string_view text);

// A standalone SVG document of `code` with a 4-module quiet zone. It has a
// viewBox in modules and no width/height, so the page's CSS sizes it; `title`
// (any text, escaped here) is its accessible name.
std::string Svg(const QrCode& code, std::string_view title);

// PNG bytes of `code` (8-bit grayscale) with a 4-module quiet zone, each
// module `pixels_per_module` pixels wide. InvalidArgument unless
// 1 <= pixels_per_module <= kMaxPixelsPerModule; Internal if libpng fails.
inline constexpr int kMaxPixelsPerModule = 40;
Result<std::string> Png(const QrCode& code, int pixels_per_module);

}  // namespace levier::qr
