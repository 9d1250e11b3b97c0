#include "levier/qr/qr_code.h"

#include <png.h>
#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>

#include "levier/util/xml_escape.h"

namespace levier::qr {
namespace {

// The blank margin the QR standard asks for around a symbol; scanners fail
// on cards printed without it.
constexpr int kQuietZone = 4;

struct QrcodeDeleter {
  void operator()(QRcode* code) const { QRcode_free(code); }
};


// One subpath per horizontal run of dark modules, a 1-module-high rectangle:
// far smaller than a rect per module, and the runs tile without seams.
void AppendDarkRuns(std::string& out, const QrCode& code) {
  for (int y = 0; y < code.size; ++y) {
    for (int x = 0; x < code.size;) {
      if (!code.Dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < code.size && code.Dark(x, y)) ++x;
      const std::string run = std::to_string(x - start);
      out += 'M' + std::to_string(start + kQuietZone) + ',' + std::to_string(y + kQuietZone) + 'h' +
             run + "v1h-" + run + 'z';
    }
  }
}

// 8-bit grayscale pixels, row-major: the simplified libpng API writes no
// sub-8-bit formats, and deflate makes the difference with 1-bit small.
std::vector<unsigned char> Pixels(const QrCode& code, int pixels_per_module, int side) {
  std::vector<unsigned char> pixels(static_cast<size_t>(side) * side, 0xff);
  for (int y = 0; y < code.size; ++y) {
    for (int x = 0; x < code.size; ++x) {
      if (!code.Dark(x, y)) continue;
      for (int dy = 0; dy < pixels_per_module; ++dy) {
        const size_t row = static_cast<size_t>((y + kQuietZone) * pixels_per_module + dy) * side;
        const size_t col = static_cast<size_t>((x + kQuietZone) * pixels_per_module);
        std::memset(&pixels[row + col], 0, pixels_per_module);
      }
    }
  }
  return pixels;
}

}  // namespace

Result<QrCode> Encode(std::string_view text) {
  if (text.empty()) return Status::InvalidArgument("QR code: empty text");
  // An invitation link fits in far less; a longer text gives a dense symbol
  // that a phone no longer reads from a printed card.
  if (text.size() > kMaxTextBytes) {
    return Status::InvalidArgument("QR code: text of " + std::to_string(text.size()) +
                                   " bytes, at most " + std::to_string(kMaxTextBytes));
  }
  std::unique_ptr<QRcode, QrcodeDeleter> encoded(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M));
  if (!encoded) {
    return Status::Internal(std::string("QR code: libqrencode failed: ") + std::strerror(errno));
  }
  QrCode code;
  code.size = encoded->width;
  code.dark.resize(static_cast<size_t>(code.size) * code.size);
  // libqrencode keeps flags in each byte; bit 0 is "dark".
  for (size_t i = 0; i < code.dark.size(); ++i) code.dark[i] = (encoded->data[i] & 1) != 0;
  return code;
}

std::string Svg(const QrCode& code, std::string_view title) {
  const std::string side = std::to_string(code.size + 2 * kQuietZone);
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + side + ' ' + side +
                    "\" shape-rendering=\"crispEdges\" role=\"img\"><title>";
  out += XmlEscape(title);
  out += "</title><rect width=\"" + side + "\" height=\"" + side + "\" fill=\"#fff\"/>";
  out += "<path fill=\"#000\" d=\"";
  AppendDarkRuns(out, code);
  out += "\"/></svg>\n";
  return out;
}

Result<std::string> Png(const QrCode& code, int pixels_per_module) {
  if (pixels_per_module < 1 || pixels_per_module > kMaxPixelsPerModule) {
    return Status::InvalidArgument("QR code: pixels per module " +
                                   std::to_string(pixels_per_module) + ", expected 1 to " +
                                   std::to_string(kMaxPixelsPerModule));
  }
  const int side = (code.size + 2 * kQuietZone) * pixels_per_module;
  const std::vector<unsigned char> pixels = Pixels(code, pixels_per_module, side);

  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(side);
  image.height = static_cast<png_uint_32>(side);
  image.format = PNG_FORMAT_GRAY;
  // Two flat colours deflate to a small fraction of the raw pixels; when the
  // guess is short, libpng says how much it needs and the second try fits.
  std::string png(pixels.size() / 4 + 1024, '\0');
  for (int attempt = 0; attempt < 2; ++attempt) {
    png_alloc_size_t bytes = png.size();
    if (png_image_write_to_memory(&image, png.data(), &bytes, 0, pixels.data(), 0, nullptr)) {
      png.resize(bytes);
      return png;
    }
    if (bytes <= png.size()) break;  // a libpng error, not a short buffer
    png.resize(bytes);
    image.warning_or_error = 0;
  }
  return Status::Internal(std::string("QR code: libpng failed: ") + image.message);
}

}  // namespace levier::qr
