// A fresh store on a real SQLite file per test, and blocking Write/Read
// helpers over its asynchronous units of work.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <future>
#include <memory>
#include <string>

#include "levier/store/sqlite.h"
#include "levier/store/store.h"

namespace levier::store {

class StoreFileTest : public ::testing::Test {
 protected:
  explicit StoreFileTest(std::string name) : name_(std::move(name)) {}
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("levier-" + name_ + "-" + std::to_string(::getpid()) + ".db");
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_.string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  void TearDown() override {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
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
  std::filesystem::path path_;
  std::unique_ptr<Store> store_;
};

}  // namespace levier::store
