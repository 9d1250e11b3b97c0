// Matching benchmarks: MatchProfile (one and three barriers, a full profile,
// open-now evaluated for each result), the legacy Match, opening hours alone,
// and building the index. Run: build/<dir>/bench/kb/levier_bench_kb.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "levier/kb/match.h"
#include "levier/kb/opening_hours.h"
#include "synthetic_kb.h"

namespace levier::bench {
namespace {

constexpr UnixSeconds kTuesdayMorning = 1'768'295'100;  // 2026-01-13 09:05 UTC

const kb::KnowledgeBase& Kb(std::size_t count) {
  static std::map<std::size_t, std::unique_ptr<kb::KnowledgeBase>> cache;
  auto& slot = cache[count];
  if (!slot) slot = std::make_unique<kb::KnowledgeBase>(SyntheticKnowledgeBase(count));
  return *slot;
}

kb::Profile FullProfile() {
  kb::Profile p;
  p.neighbourhood = "q3";
  p.age_min = 16;
  p.age_max = 25;
  p.language = "ar";
  p.disability = kb::Tri::kNo;
  p.young_children = kb::Tri::kYes;
  return p;
}

void BM_MatchProfileOneBarrier(benchmark::State& state) {
  const kb::KnowledgeBase& kb = Kb(static_cast<std::size_t>(state.range(0)));
  const kb::MatchRequest request{{"mobilite"}, FullProfile(), kTuesdayMorning, 3};
  for (auto _ : state) benchmark::DoNotOptimize(kb::MatchProfile(kb, request));
  state.counters["candidates"] = static_cast<double>(kb.VerifiedFor("mobilite").size());
}
BENCHMARK(BM_MatchProfileOneBarrier)
    ->Arg(500)
    ->Arg(5'000)
    ->Arg(50'000)
    ->Unit(benchmark::kMicrosecond);

void BM_MatchProfileThreeBarriers(benchmark::State& state) {
  const kb::KnowledgeBase& kb = Kb(static_cast<std::size_t>(state.range(0)));
  const kb::MatchRequest request{
      {"logement", "mobilite", "rapport-emploi"}, FullProfile(), kTuesdayMorning, 3};
  for (auto _ : state) benchmark::DoNotOptimize(kb::MatchProfile(kb, request));
}
BENCHMARK(BM_MatchProfileThreeBarriers)
    ->Arg(500)
    ->Arg(5'000)
    ->Arg(50'000)
    ->Unit(benchmark::kMicrosecond);

void BM_MatchProfileUnknownProfile(benchmark::State& state) {
  const kb::KnowledgeBase& kb = Kb(static_cast<std::size_t>(state.range(0)));
  kb::MatchRequest request{{"mobilite"}, {}, kTuesdayMorning, 3};
  request.profile.commune = "Commune 7";
  for (auto _ : state) benchmark::DoNotOptimize(kb::MatchProfile(kb, request));
}
BENCHMARK(BM_MatchProfileUnknownProfile)->Arg(50'000)->Unit(benchmark::kMicrosecond);

void BM_LegacyMatch(benchmark::State& state) {
  const kb::KnowledgeBase& kb = Kb(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(kb.Match("mobilite", "Commune 7", 3));
}
BENCHMARK(BM_LegacyMatch)->Arg(50'000)->Unit(benchmark::kMicrosecond);

void BM_EvaluateOpening(benchmark::State& state) {
  const kb::OpeningHours hours =
      *kb::OpeningHours::Parse("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00");
  UnixSeconds now = kTuesdayMorning;
  for (auto _ : state) {
    benchmark::DoNotOptimize(kb::EvaluateOpening(hours, now));
    now += 3'607;  // walk through the week, open and closed
  }
}
BENCHMARK(BM_EvaluateOpening);

void BM_BuildIndex(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(SyntheticKnowledgeBase(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_BuildIndex)->Arg(50'000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace levier::bench

BENCHMARK_MAIN();
