// The PostgreSQL backend of the store (store.h), for several Levier
// instances sharing one database (docs/deployment.md). Selected with
// `--db postgresql://...`; SQLite stays the default.
//
// Each instance has one writer connection with group commit (units queued
// together share a transaction, each in its own savepoint) and one reader
// connection, each served by its own thread: the server's I/O threads never
// wait on the database.
#pragma once

#include <memory>
#include <string>

#include "levier/store/store.h"
#include "levier/util/status.h"

namespace levier::store {

struct PostgresOptions {
  // Units run in one transaction at most (group commit batch size).
  int max_batch = 256;
  // Queued units beyond which Submit refuses with Unavailable.
  int max_queue = 20000;
  // The schema holding Levier's tables, created when missing: several
  // instances for different cities can then share one database. "" keeps
  // the connection's default search path (public).
  std::string schema;
};

// True when `location` names a PostgreSQL database (postgresql:// or
// postgres:// URI) rather than an SQLite file.
bool IsPostgresLocation(const std::string& location);

// Connects to `conninfo` (a postgresql:// URI or libpq keywords), applies
// pending schema migrations, and starts the writer and reader threads.
// Fails with Unavailable when the server cannot be reached.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo,
                                                 const PostgresOptions& options = {});

}  // namespace levier::store
