#include "path_walker.h"

namespace levier::bench {

std::uint64_t NextRandom(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Resident MakeResident(std::uint64_t seed, std::size_t i) {
  Resident resident;
  resident.rng = seed ^ (0x5851f42d4c957f2dULL * (i + 1));
  return resident;
}

std::string PathWalker::Next(Resident& resident, UnixSeconds now) const {
  const dialogs::Session& session = resident.session;
  const bool new_conversation = session.node.empty() || session.ended;
  const std::vector<std::string>& choices =
      new_conversation ? answers_.start : answers_.For(session.node);
  std::string text = choices[NextRandom(resident.rng) % choices.size()];
  dialogs::StepResult step = dialogs::Step(script_, kb_, session, {text, "sms", now, {}, {}});
  resident.session = std::move(step.session);
  return text;
}

std::vector<std::string> PathWalker::Conversations(std::size_t senders, std::size_t steps,
                                                   std::uint64_t seed, UnixSeconds now) const {
  std::vector<Resident> residents;
  residents.reserve(senders);
  for (std::size_t i = 0; i < senders; ++i) residents.push_back(MakeResident(seed, i));
  std::vector<std::string> texts;
  texts.reserve(senders * steps);
  for (std::size_t t = 0; t < steps; ++t) {
    for (auto& resident : residents) texts.push_back(Next(resident, now + static_cast<UnixSeconds>(t)));
  }
  return texts;
}

}  // namespace levier::bench
