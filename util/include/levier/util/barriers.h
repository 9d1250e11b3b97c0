// The barrier codes ("freins") shared by scripts, knowledge base, logs and
// reports. These are identifiers, never shown to residents: their labels live
// per language in dialogs/.
#pragma once

#include <span>
#include <string_view>

namespace levier {

// The nine barriers of project sheet 3.2.3, then the optional extras.
// Order is the canonical order used in reports.
std::span<const std::string_view> BarrierCodes();
bool IsBarrierCode(std::string_view code);

}  // namespace levier
