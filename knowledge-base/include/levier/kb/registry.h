// The knowledge base in service. Coordinators replace it (an edit, an
// import, "verified") while residents are being answered, so nobody keeps a
// KnowledgeBase for good: each piece of work takes Current() once and uses
// that snapshot to the end (one reply sees one directory), and the next
// piece of work sees the newest.
//
// Thread-safety: Current, version and Publish may run concurrently on any threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>

#include "levier/kb/knowledge_base.h"

namespace levier::kb {

class KnowledgeBaseRegistry {
 public:
  // `version`: the stored directory version it was loaded from; 0 when it
  // does not come from a store (tests, `levier simulate`).
  explicit KnowledgeBaseRegistry(std::shared_ptr<const KnowledgeBase> initial,
                                 std::int64_t version = 0)
      : current_(std::move(initial)), version_(version) {}

  std::shared_ptr<const KnowledgeBase> Current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }
  std::int64_t version() const {
    std::lock_guard lock(mutex_);
    return version_;
  }
  // Makes `kb` current. An older `version` than the current one is ignored
  // (two threads may publish what they read in either order).
  void Publish(std::shared_ptr<const KnowledgeBase> kb, std::int64_t version) {
    std::lock_guard lock(mutex_);
    if (version != 0 && version < version_) return;
    current_ = std::move(kb);
    version_ = version;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const KnowledgeBase> current_;  // guarded by mutex_
  std::int64_t version_ = 0;                      // guarded by mutex_
};

}  // namespace levier::kb
