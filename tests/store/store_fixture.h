// The store's conformance suite: every test in tests/store/ is written once
// against the interfaces (store.h and the headers beside it) and runs
// against every backend (Backends()): SQLite, and PostgreSQL when
// LEVIER_TEST_POSTGRES names a server (deploy/test.sh starts one with
// tests/postgres/pg-server.sh; each test gets a schema of its own there).
// A backend that passes it keeps every guarantee the server relies on.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include <filesystem>
#include <functional>
#include <ostream>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "levier/store/postgres.h"
#include "levier/store/sqlite.h"
#include "levier/store/store.h"

namespace levier::store {

struct Backend {
  std::string name;  // a test name part: letters and digits
  // Opens a fresh, empty store, its files (if any) under `dir`.
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir)> open;
};

// Names the backend in gtest's messages (instead of the object's bytes).
inline void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

// The PostgreSQL server the tests may use (a libpq conninfo), or "".
inline std::string TestPostgres() {
  const char* conninfo = std::getenv("LEVIER_TEST_POSTGRES");
  return conninfo != nullptr ? conninfo : "";
}

// A schema name no other test (in this or another process) uses.
inline std::string FreshPostgresSchema() {
  static std::atomic<int> next{0};
  return "t" + std::to_string(::getpid()) + "_" + std::to_string(next++);
}

inline const std::vector<Backend>& Backends() {
  static const std::vector<Backend> kBackends = [] {
    std::vector<Backend> backends = {
        {"sqlite", [](const std::filesystem::path& dir) {
           return OpenSqliteStore((dir / "levier.db").string());
         }}};
    if (!TestPostgres().empty()) {
      backends.push_back({"postgres", [](const std::filesystem::path&) {
                            PostgresOptions options;
                            options.schema = FreshPostgresSchema();
                            return OpenPostgresStore(TestPostgres(), options);
                          }});
    }
    return backends;
  }();
  return kBackends;
}

// For a fixture's SetUp: replaces `first` by a store on a fresh PostgreSQL
// schema and opens `second` on the same one, two Levier instances sharing a
// database; skips the test on another backend (SQLite has one writer per
// file: what holds across instances is tested on PostgreSQL only).
inline void OpenTwoInstancesOrSkip(const Backend& backend, std::unique_ptr<Store>* first,
                                   std::unique_ptr<Store>* second) {
  if (backend.name != "postgres") GTEST_SKIP() << "one writer only on " << backend.name;
  PostgresOptions options;
  options.schema = FreshPostgresSchema();
  for (std::unique_ptr<Store>* store : {first, second}) {
    Result<std::unique_ptr<Store>> opened = OpenPostgresStore(TestPostgres(), options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    *store = std::move(*opened);
  }
}

// Submits `work` to `store` without waiting; the future is its outcome.
inline std::future<Status> SubmitAsync(Store& store, Store::Work work) {
  auto done = std::make_shared<std::promise<Status>>();
  std::future<Status> outcome = done->get_future();
  store.Submit(std::move(work), [done](const Status& s) { done->set_value(s); });
  return outcome;
}

// SubmitAsync for a unit that locks `participants`.
inline std::future<Status> SubmitForAsync(Store& store, std::vector<std::string> participants,
                                          Store::Work work) {
  auto done = std::make_shared<std::promise<Status>>();
  std::future<Status> outcome = done->get_future();
  store.SubmitForParticipants(std::move(participants), std::move(work),
                              [done](const Status& s) { done->set_value(s); });
  return outcome;
}

// Every suite deriving from StoreFileTest runs once per backend.
#define LEVIER_STORE_CONFORMANCE(Suite)                                                \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::ValuesIn(Backends()),           \
                           [](const ::testing::TestParamInfo<Backend>& param_info) {  \
                             return param_info.param.name;                               \
                           })

class StoreFileTest : public ::testing::TestWithParam<Backend> {
 protected:
  explicit StoreFileTest(std::string name) : name_(std::move(name)) {}
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("levier-" + name_ + "-" + GetParam().name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Result<std::unique_ptr<Store>> store = GetParam().open(dir_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  Status Write(Store::Work work) {
    std::promise<Status> done;
    store_->Submit(std::move(work), [&](const Status& s) { done.set_value(s); });
    return done.get_future().get();
  }
  Status Read(Store::ReadWork work) {
    std::promise<Status> done;
    store_->SubmitRead(std::move(work), [&](const Status& s) { done.set_value(s); });
    return done.get_future().get();
  }
  // Queues `row` in the outbox; its id (0 when that failed, which fails the test).
  std::int64_t Enqueue(const OutboxRecord& row) {
    std::int64_t id = 0;
    EXPECT_TRUE(Write([&](Transaction& txn) {
                  Result<std::int64_t> r = txn.outbox().EnqueueOutbox(row);
                  if (r.ok()) id = *r;
                  return r.status();
                }).ok());
    return id;
  }

  std::string name_;
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace levier::store
