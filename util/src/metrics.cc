#include "levier/util/metrics.h"

#include <cstdio>

namespace levier {

void Metrics::CountRequest(std::string_view route, int status) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), status}];
}

void Metrics::CountMessage(std::string_view channel) {
  std::lock_guard lock(mutex_);
  ++messages_[std::string(channel)];
}

void Metrics::CountDuplicate(std::string_view channel) {
  std::lock_guard lock(mutex_);
  ++duplicates_[std::string(channel)];
}

void Metrics::CountReferrals(std::uint64_t referrals) {
  std::lock_guard lock(mutex_);
  referrals_ += referrals;
}

void Metrics::CountLimited(std::string_view reason) {
  std::lock_guard lock(mutex_);
  ++limited_[std::string(reason)];
}

void Metrics::ObserveLatencyMicros(std::int64_t micros) {
  const double seconds = static_cast<double>(micros) / 1e6;
  std::lock_guard lock(mutex_);
  std::size_t i = 0;
  while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i]) ++i;
  ++latency_counts_[i];
  latency_sum_seconds_ += seconds;
}

std::uint64_t Metrics::RequestCount(std::string_view route, int status) const {
  std::lock_guard lock(mutex_);
  auto it = requests_.find({std::string(route), status});
  return it == requests_.end() ? 0 : it->second;
}

namespace {
void AppendCounterFamily(std::string& out, const char* name, const char* help, const char* label,
                         const std::map<std::string, std::uint64_t>& values) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += " counter\n";
  for (const auto& [key, count] : values) {
    out += name;
    out += '{';
    out += label;
    out += "=\"";
    out += key;
    out += "\"} ";
    out += std::to_string(count);
    out += '\n';
  }
}
}  // namespace

std::string Metrics::RenderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP levier_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE levier_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out += "levier_http_requests_total{route=\"" + key.first + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(count) + "\n";
  }
  AppendCounterFamily(out, "levier_messages_total", "Inbound messages processed by channel.",
                      "channel", messages_);
  AppendCounterFamily(out, "levier_duplicate_messages_total",
                      "Redelivered messages answered from the stored reply.", "channel",
                      duplicates_);
  out += "# HELP levier_referrals_total Providers proposed.\n";
  out += "# TYPE levier_referrals_total counter\n";
  out += "levier_referrals_total " + std::to_string(referrals_) + "\n";
  AppendCounterFamily(out, "levier_limited_total",
                      "Requests refused and messages set aside by a limit, by reason.", "reason",
                      limited_);
  out += "# HELP levier_http_request_duration_seconds Time from request read to response ready.\n";
  out += "# TYPE levier_http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
    cumulative += latency_counts_[i];
    char le[32];
    std::snprintf(le, sizeof le, "%g", kLatencyBuckets[i]);
    out += "levier_http_request_duration_seconds_bucket{le=\"";
    out += le;
    out += "\"} " + std::to_string(cumulative) + "\n";
  }
  cumulative += latency_counts_.back();
  out += "levier_http_request_duration_seconds_bucket{le=\"+Inf\"} " + std::to_string(cumulative) +
         "\n";
  char sum[64];
  std::snprintf(sum, sizeof sum, "%.6f", latency_sum_seconds_);
  out += "levier_http_request_duration_seconds_sum ";
  out += sum;
  out += "\nlevier_http_request_duration_seconds_count " + std::to_string(cumulative) + "\n";
  return out;
}

}  // namespace levier
