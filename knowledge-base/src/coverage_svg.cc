// The coverage matrix as SVG (coverage.h). Plain string building: the image
// is small (13 rows x 11 columns) and the output must stay byte-stable.
#include <string>

#include "levier/kb/coverage.h"
#include "levier/util/xml_escape.h"

namespace levier::kb {
namespace {

constexpr int kNameWidth = 260;
constexpr int kCellWidth = 104;
constexpr int kRowHeight = 30;
constexpr int kMargin = 10;
constexpr int kTitleHeight = 34;
constexpr int kHeaderHeight = 40;
constexpr int kLegendHeight = 34;
constexpr std::string_view kGapColour = "#d73027";
constexpr std::string_view kNoLocalColour = "#fdae61";
constexpr std::string_view kOkColour = "#a6d96a";


std::string_view Colour(const CoverageCell& c) {
  return c.total == 0 ? kGapColour : c.local == 0 ? kNoLocalColour : kOkColour;
}

std::string Text(int x, int y, std::string_view text, std::string_view extra = "") {
  return "<text x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\"" +
         std::string(extra) + ">" + XmlEscape(text) + "</text>\n";
}

std::string Rect(int x, int y, int w, int h, std::string_view fill) {
  return "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
         std::to_string(w) + "\" height=\"" + std::to_string(h) + "\" fill=\"" + std::string(fill) +
         "\" stroke=\"#ffffff\"/>\n";
}

}  // namespace

std::string RenderCoverageSvg(const KnowledgeBase& kb) {
  return RenderCoverageSvg(kb, CoverageLabels{});
}

std::string RenderCoverageSvg(const KnowledgeBase& kb, const CoverageLabels& labels) {
  const CoverageMatrix m = ComputeCoverage(kb);
  const int columns = static_cast<int>(m.barriers.size());
  const int rows = static_cast<int>(m.neighbourhoods.size());
  const bool legend =
      !labels.legend_gap.empty() || !labels.legend_no_local.empty() || !labels.legend_ok.empty();
  const int top = kMargin + (labels.title.empty() ? 0 : kTitleHeight);
  const int width = 2 * kMargin + kNameWidth + columns * kCellWidth;
  const int height =
      top + kHeaderHeight + rows * kRowHeight + (legend ? kLegendHeight : 0) + kMargin;

  std::string svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(width) +
         "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) +
         " " + std::to_string(height) + "\" font-family=\"sans-serif\" font-size=\"13\">\n";
  if (!labels.title.empty()) {
    svg += "<title>" + XmlEscape(labels.title) + "</title>\n";
    svg += Text(kMargin, kMargin + 20, labels.title, " font-size=\"17\" font-weight=\"bold\"");
  }
  for (int b = 0; b < columns; ++b) {
    const std::string& code = m.barriers[static_cast<std::size_t>(b)];
    const auto label = labels.barriers.find(code);
    svg += Text(kMargin + kNameWidth + b * kCellWidth + kCellWidth / 2, top + kHeaderHeight - 12,
                label == labels.barriers.end() ? code : label->second,
                " text-anchor=\"middle\" font-size=\"11\"");
  }
  for (int n = 0; n < rows; ++n) {
    const Neighbourhood& nb = m.neighbourhoods[static_cast<std::size_t>(n)];
    const int y = top + kHeaderHeight + n * kRowHeight;
    svg += "<g class=\"neighbourhood\" id=\"n-" + XmlEscape(nb.id) + "\">\n";
    svg += Text(kMargin, y + 20, nb.name + " (" + nb.commune + ")");
    for (int b = 0; b < columns; ++b) {
      const CoverageCell& c = m.cells[static_cast<std::size_t>(n)][static_cast<std::size_t>(b)];
      const int x = kMargin + kNameWidth + b * kCellWidth;
      svg += Rect(x, y, kCellWidth, kRowHeight, Colour(c));
      svg += Text(x + kCellWidth / 2, y + 20, std::to_string(c.total),
                  " text-anchor=\"middle\" data-status=\"" + std::string(c.status()) + "\"");
    }
    svg += "</g>\n";
  }
  if (legend) {
    const int y = top + kHeaderHeight + rows * kRowHeight + 10;
    int x = kMargin;
    for (const auto& [colour, text] : {std::pair{kGapColour, &labels.legend_gap},
                                       std::pair{kNoLocalColour, &labels.legend_no_local},
                                       std::pair{kOkColour, &labels.legend_ok}}) {
      if (text->empty()) continue;
      svg += Rect(x, y, 16, 16, colour);
      svg += Text(x + 22, y + 13, *text);
      x += 22 + 8 * static_cast<int>(text->size()) + 20;
    }
  }
  svg += "</svg>\n";
  return svg;
}

}  // namespace levier::kb
