// The SQLite backend of the store (store.h): one file, WAL, a single writer
// with group commit, readers on their own connections. The default, and the
// quick start's.
#pragma once

#include <memory>
#include <string>

#include "levier/store/store.h"
#include "levier/util/status.h"

namespace levier::store {

struct SqliteOptions {
  // Busy timeout for each connection: how long a statement waits for a lock
  // held by another process before failing with Unavailable.
  int busy_timeout_ms = 5000;
  // Units run in one transaction at most (group commit batch size).
  int max_batch = 256;
  // Queued units beyond which Submit refuses with Unavailable.
  int max_queue = 20000;
  // When > 0, the database may not grow past this many pages (SQLite's
  // max_page_count): writes then fail as if the disk were full. For
  // quotas and fault tests.
  long long max_page_count = 0;
  // WAL size (pages) after a commit beyond which a background thread, on its
  // own connection, copies the WAL back into the database (a PASSIVE
  // checkpoint). The writer never waits for it: with SQLite's automatic
  // checkpoint, the commit that crosses the threshold does that work and
  // every unit of its batch waits (about 13 % of the writer's time and the
  // latency spikes of the 2026-11-25 profile). 10,000 pages (about 40 MB of
  // WAL) rather than SQLite's 1,000: a page rewritten often (an active
  // resident's session) is then copied once instead of ten times; measured
  // +11 % messages/s and p99 16.4 -> 13.1 ms under wrk. 0: SQLite's
  // automatic checkpoint on the writer, every 1,000 pages.
  int checkpoint_pages = 10000;
};

// Opens (creating if needed) the SQLite database at `path`, applies pending
// schema migrations, and starts the writer and reader threads. `path` may be
// ":memory:" for a private in-memory database (simulate, tests); reads then
// share the writer's thread. Fails with a message naming the path.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options = {});

}  // namespace levier::store
