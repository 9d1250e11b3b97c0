#include "levier/qr/qr_code.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace levier::qr {
namespace LEVIER_UNITY_ID {

constexpr std::string_view kInvitation = "http://127.0.0.1:8080/c/K7QM4RTX";
constexpr std::string_view kLongUtf8Link =
    "https://levier.example.org/invitation/accept?code=K7QM4RTX&pro=Dr%20M%C3%BCller"
    "&lang=fr&next=%2Fworkspace%2F#bienvenue — Cabinet médical « Les Érables », Zürich ✓";

// Decodes a PNG with zbarimg, a decoder that shares no code with libqrencode,
// so a mistake in the drawing cannot be undone by a matching mistake in the
// reading. Empty if nothing was decoded.
std::string DecodeWithZbar(const std::string& png) {
  if (std::system("command -v zbarimg >/dev/null 2>&1") != 0) {
    ADD_FAILURE() << "zbarimg is missing: deploy/install-deps.sh installs zbar-tools";
    return "";
  }
  const std::filesystem::path file =
      std::filesystem::temp_directory_path() /
      ("levier_qr_" + std::to_string(getpid()) + "_" +
       testing::UnitTest::GetInstance()->current_test_info()->name() + ".png");
  std::ofstream(file, std::ios::binary) << png;
  std::string decoded;
  if (FILE* zbar = popen(("zbarimg --raw -q '" + file.string() + "'").c_str(), "r")) {
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, zbar)) > 0;) decoded.append(buffer, n);
    pclose(zbar);
  }
  std::filesystem::remove(file);
  if (!decoded.empty() && decoded.back() == '\n') decoded.pop_back();  // zbarimg ends each symbol
  return decoded;
}

// Redraws the SVG path ("Mx,yhNv1h-Nz" per run) into a grid of `side` by
// `side` modules, or fails the test on any other path syntax.
std::vector<bool> RedrawSvgPath(const std::string& svg, int side) {
  std::vector<bool> grid(static_cast<size_t>(side) * side, false);
  const size_t begin = svg.find(" d=\"");
  if (begin == std::string::npos) {
    ADD_FAILURE() << "no path data in " << svg;
    return grid;
  }
  const std::string d = svg.substr(begin + 4, svg.find('"', begin + 4) - begin - 4);
  size_t pos = 0;
  while (pos < d.size()) {
    int x = 0, y = 0, n = 0, back = 0, consumed = 0;
    if (std::sscanf(d.c_str() + pos, "M%d,%dh%dv1h-%dz%n", &x, &y, &n, &back, &consumed) != 4 ||
        consumed == 0 || n != back || n < 1 || x < 0 || y < 0 || x + n > side || y >= side) {
      ADD_FAILURE() << "unexpected path data at " << d.substr(pos, 40);
      return grid;
    }
    for (int i = 0; i < n; ++i) grid[static_cast<size_t>(y) * side + x + i] = true;
    pos += consumed;
  }
  return grid;
}

TEST(QrCodeTest, InvitationLinkDecodesBackExactlyFromThePng) {
  Result<QrCode> code = Encode(kInvitation);
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  EXPECT_EQ(code->dark.size(), static_cast<size_t>(code->size) * code->size);
  Result<std::string> png = Png(*code, 8);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  EXPECT_EQ(DecodeWithZbar(*png), kInvitation);
}

TEST(QrCodeTest, LongLinkWithQueryAndUtf8DecodesBackExactly) {
  Result<QrCode> code = Encode(kLongUtf8Link);
  ASSERT_TRUE(code.ok()) << code.status().ToString();
  Result<std::string> png = Png(*code, 4);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  EXPECT_EQ(DecodeWithZbar(*png), kLongUtf8Link);
}

TEST(QrCodeTest, PngStartsWithThePngSignature) {
  Result<QrCode> code = Encode(kInvitation);
  ASSERT_TRUE(code.ok());
  Result<std::string> png = Png(*code, 1);
  ASSERT_TRUE(png.ok()) << png.status().ToString();
  EXPECT_EQ(png->substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

TEST(QrCodeTest, SvgIsSizedByItsViewBoxAndEscapesTheTitle) {
  Result<QrCode> code = Encode(kInvitation);
  ASSERT_TRUE(code.ok());
  const std::string svg = Svg(*code, "a<b&\"c\"");
  const std::string side = std::to_string(code->size + 8);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u) << svg;
  EXPECT_NE(svg.find("viewBox=\"0 0 " + side + " " + side + "\""), std::string::npos);
  EXPECT_NE(svg.find("<title>a&lt;b&amp;&quot;c&quot;</title>"), std::string::npos);
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("shape-rendering=\"crispEdges\""), std::string::npos);
  // No size on the root element: the card page's CSS decides it.
  const std::string root = svg.substr(0, svg.find('>'));
  EXPECT_EQ(root.find("width="), std::string::npos) << root;
  EXPECT_EQ(root.find("height="), std::string::npos) << root;
}

TEST(QrCodeTest, SvgPathRedrawsTheExactModulesInsideAQuietZone) {
  Result<QrCode> code = Encode(kLongUtf8Link);
  ASSERT_TRUE(code.ok());
  const int side = code->size + 8;
  const std::vector<bool> grid = RedrawSvgPath(Svg(*code, "invitation"), side);
  for (int y = 0; y < side; ++y) {
    for (int x = 0; x < side; ++x) {
      const bool inside = x >= 4 && y >= 4 && x < code->size + 4 && y < code->size + 4;
      const bool expected = inside && code->Dark(x - 4, y - 4);
      ASSERT_EQ(grid[static_cast<size_t>(y) * side + x], expected) << "module " << x << "," << y;
    }
  }
}

TEST(QrCodeTest, RefusesEmptyAndOverlongText) {
  EXPECT_EQ(Encode("").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Encode(std::string(1001, 'a')).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Encode(std::string(1000, 'a')).ok());
}

TEST(QrCodeTest, RefusesPixelsPerModuleOutsideOneToForty) {
  Result<QrCode> code = Encode(kInvitation);
  ASSERT_TRUE(code.ok());
  EXPECT_EQ(Png(*code, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Png(*code, 41).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Png(*code, 40).ok());
}

}  // namespace LEVIER_UNITY_ID
}  // namespace levier::qr
