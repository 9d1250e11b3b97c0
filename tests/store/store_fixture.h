// The store's conformance suite: every test in tests/store/ is written once
// against the interfaces (store.h and the headers beside it) and runs
// against every backend this build has (Backends(): SQLite today;
// PostgreSQL, issue 13, joins the list). A backend that passes it keeps
// every guarantee the server relies on.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "levier/store/sqlite.h"
#include "levier/store/store.h"

namespace levier::store {

struct Backend {
  std::string name;  // a test name part: letters and digits
  // Opens a fresh, empty store, its files (if any) under `dir`.
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir)> open;
};

inline const std::vector<Backend>& Backends() {
  static const std::vector<Backend> kBackends = {
      {"sqlite",
       [](const std::filesystem::path& dir) { return OpenSqliteStore((dir / "levier.db").string()); }},
  };
  return kBackends;
}

// Every suite deriving from StoreFileTest runs once per backend.
#define LEVIER_STORE_CONFORMANCE(Suite)                                                \
  INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::ValuesIn(Backends()),           \
                           [](const ::testing::TestParamInfo<Backend>& info) {        \
                             return info.param.name;                                  \
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

  std::string name_;
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

}  // namespace levier::store
