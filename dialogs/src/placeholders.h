// "{name}" placeholders in the script's texts, filled in one pass: what
// `value` returns for a name replaces it; a name it does not know (nullopt)
// is left as written, braces included. Inserted values are not scanned
// again. Private to levier::dialogs; pure.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace levier::dialogs {

std::string FillPlaceholders(
    std::string_view text,
    const std::function<std::optional<std::string>(std::string_view name)>& value);

}  // namespace levier::dialogs
