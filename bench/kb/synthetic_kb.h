// A synthetic knowledge base for benchmarks: made-up providers (no real
// facts), shaped like the real directory but `count` entries long.
//
// Thread-safety: pure function.
#pragma once

#include <cstddef>

#include "levier/kb/knowledge_base.h"

namespace levier::bench {

// Deterministic for a given `count` (fixed-seed generator): 60 % verified,
// 1 to 3 barriers each, 30 % restricted to 1-3 of 22 communes, 10 % focused
// on neighbourhoods (a third of those residents-only), 10 % with an age
// range, 5 % for recognised disability, 5 % speaking Arabic, half with
// opening hours. Aborts if Build refuses the data (a bug in this generator).
kb::KnowledgeBase SyntheticKnowledgeBase(std::size_t count);

}  // namespace levier::bench
