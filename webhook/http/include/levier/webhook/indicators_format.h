// The referral indicators (store/reports.h) as JSON and CSV, with the
// small-cell rule applied for figures shared outside: any figure about fewer
// than kMinParticipants participants is left out (rows) or null (totals).
// Shared by GET /api/v1/indicators and `levier report`. Format: docs/api.md.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "levier/kb/knowledge_base.h"
#include "levier/store/reports.h"
#include "levier/util/status.h"
#include "levier/util/time_util.h"

namespace levier::webhook {

// The smallest number of participants a shared figure may concern.
inline constexpr std::int64_t kMinParticipants = 5;

struct IndicatorsFormat {
  bool suppress = true;  // apply the small-cell rule
  UnixSeconds generated_at = 0;
  const kb::KnowledgeBase* kb = nullptr;  // for provider names; may be null
  // The months covered, "YYYY-MM" or "" for an open side (the answer's "period").
  std::string from;
  std::string to;
};

// The store's period for the months `from` to `to` ("YYYY-MM", both
// included, either may be ""): InvalidArgument naming `from_name` or
// `to_name` for a malformed month, or when `from` is after `to`.
Result<store::Period> PeriodOfMonths(std::string_view from, std::string_view to,
                                     std::string_view from_name, std::string_view to_name);

// {"generated_at", "period": {"from", "to"}, "suppressed", "min_participants", "referrals",
//  "participants", "by_barrier": {code: referrals}, "breakdowns": {...},
//  "providers": [...], "cells": [...], "followup": [...], "hidden": {...}}.
// "referrals", "participants" and "by_barrier" keep the shape of the first
// `levier report --json`.
nlohmann::json IndicatorsToJson(const store::Indicators& indicators,
                                const IndicatorsFormat& format);

// The CSV tables (RFC 4180, header row, CRLF line ends).
bool IsIndicatorsTable(std::string_view table);
inline constexpr std::string_view kIndicatorsTables =
    "cells, barrier, commune, neighbourhood, month, channel, language, source, org, providers, "
    "followup";
// InvalidArgument naming the known tables when `table` is not one of them.
Result<std::string> IndicatorsToCsv(const store::Indicators& indicators, std::string_view table,
                                    const IndicatorsFormat& format);

}  // namespace levier::webhook
