// Script detection for the SMS code (sms_tables.h).
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "levier/util/utf8.h"
#include "sms_tables.h"

namespace levier::dialogs::sms {

bool IsLatinScript(std::string_view utf8) {
  for (std::size_t pos = 0; pos < utf8.size();) {
    const auto c = static_cast<UChar32>(DecodeUtf8(utf8, &pos));
    if (!u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status)) return false;
    if (script != USCRIPT_LATIN && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) {
      return false;
    }
  }
  return true;
}

}  // namespace levier::dialogs::sms
