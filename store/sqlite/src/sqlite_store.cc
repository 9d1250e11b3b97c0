// SQLite implementation of Store: one writer thread with group commit, one
// reader thread on its own connection (WAL lets it read while the writer writes).
#include <condition_variable>
#include <string>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "levier/store/backend/work_queue.h"
#include "levier/store/sqlite.h"
#include "levier/util/log.h"
#include "levier/util/thread_name.h"
#include "sqlite_db.h"
#include "sqlite_transaction.h"

namespace levier::store {
namespace {

using backend::BatchQueue;
using backend::CallGuarded;
using backend::PushDeferredOrRefuse;
using backend::PushOrRefuse;
using backend::ReadJob;
using backend::RunGuarded;
using backend::WriteJob;

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Connection> writer, std::unique_ptr<Connection> reader,
              std::unique_ptr<Connection> checkpointer, const SqliteOptions& options)
      : options_(options),
        writer_(std::move(writer)),
        reader_(std::move(reader)),
        checkpointer_(std::move(checkpointer)),
        writes_(static_cast<std::size_t>(options.max_queue)),
        reads_(static_cast<std::size_t>(options.max_queue)) {
    if (checkpointer_ != nullptr) {
      // Replaces SQLite's automatic checkpoint on the writer connection.
      sqlite3_wal_hook(writer_->raw(), &SqliteStore::OnWalCommit, this);
      checkpoint_thread_ = std::thread([this] {
        NameThisThread("store-ckpt");
        RunCheckpointer();
      });
    }
    writer_thread_ = std::thread([this] {
      NameThisThread("store-writer");
      RunWriter();
    });
    if (reader_ != nullptr) {
      reader_thread_ = std::thread([this] {
        NameThisThread("store-reader");
        RunReader();
      });
    }
  }

  ~SqliteStore() override { Stop(); }

  void Submit(Work work, Done done) override {
    PushOrRefuse(writes_, std::move(work), std::move(done));
  }

  void SubmitDeferrable(std::vector<std::string> pseudonyms, Work work, Done done,
                        std::chrono::milliseconds max_delay) override {
    PushDeferredOrRefuse(writes_, WriteJob{std::move(work), std::move(done), std::move(pseudonyms)},
                         max_delay);
  }

  void SubmitRead(ReadWork work, Done done) override {
    if (reader_ == nullptr) {
      // In-memory database: a second connection would see another database,
      // so reads run on the writer thread, inside a write unit that writes nothing.
      Submit(
          [work = std::move(work), this](Transaction&) {
            SqliteReadTransaction read(*writer_);
            return work(read);
          },
          std::move(done));
      return;
    }
    PushOrRefuse(reads_, std::move(work), std::move(done));
  }

  void Stop() override {
    std::call_once(stopped_, [this] {
      writes_.Close();
      reads_.Close();
      if (writer_thread_.joinable()) writer_thread_.join();
      if (reader_thread_.joinable()) reader_thread_.join();
      {
        std::lock_guard lock(checkpoint_mutex_);
        checkpoint_stopping_ = true;
        checkpoint_cv_.notify_all();
      }
      if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
      checkpointer_.reset();
      if (writer_ != nullptr) {
        // Fold the WAL back into the main file so the database is one file at rest.
        (void)writer_->Exec("PRAGMA wal_checkpoint(TRUNCATE)");
      }
      reader_.reset();
      writer_.reset();
    });
  }

 private:
  void RunWriter() {
    for (;;) {
      std::vector<WriteJob> batch = writes_.PopBatch(static_cast<std::size_t>(options_.max_batch));
      if (batch.empty()) return;
      RunWriteBatch(batch);
    }
  }

  void RunWriteBatch(std::vector<WriteJob>& batch) {
    std::vector<Status> outcomes(batch.size());
    Status begin = writer_->ExecCached("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (auto& job : batch) CallGuarded(job.done, begin);
      return;
    }
    SqliteTransaction txn(*writer_, allowances_);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      Status sp = writer_->ExecCached("SAVEPOINT unit");
      if (sp.ok()) {
        outcomes[i] = RunGuarded<Transaction>(batch[i].work, txn);
        if (!outcomes[i].ok()) (void)writer_->ExecCached("ROLLBACK TO unit");
        Status release = writer_->ExecCached("RELEASE unit");
        if (!release.ok() && outcomes[i].ok()) outcomes[i] = release;
      } else {
        outcomes[i] = sp;
      }
      if (sqlite3_get_autocommit(writer_->raw()) != 0) {
        // SQLite rolled the whole transaction back by itself (disk full, I/O
        // error): the earlier units are gone too, and running the later ones
        // now would commit them one by one outside the batch. Fail them all.
        const Status lost = Status::Unavailable("transaction rolled back: " +
                                                (outcomes[i].ok() ? std::string("unknown error")
                                                                  : outcomes[i].message()));
        log::Error("store_batch_rolled_back", {{"error", lost.ToString()}});
        for (auto& job : batch) CallGuarded(job.done, lost);
        return;
      }
    }
    Status commit = writer_->ExecCached("COMMIT");
    if (!commit.ok()) {
      (void)writer_->Exec("ROLLBACK");
      log::Error("store_commit_failed", {{"error", commit.ToString()}});
      for (auto& job : batch) {
        CallGuarded(job.done, Status::Unavailable("commit failed: " + commit.message()));
      }
      return;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) CallGuarded(batch[i].done, outcomes[i]);
  }

  // SQLite calls this on the writer thread after each commit, with the
  // number of pages now in the WAL.
  static int OnWalCommit(void* self, sqlite3* db, const char*, int wal_pages) {
    auto* store = static_cast<SqliteStore*>(self);
    if (wal_pages >= 2 * store->options_.checkpoint_pages) {
      // The WAL starts over from its beginning only once every frame is in
      // the database, and under steady load the background checkpoint never
      // catches up with the frames committed meanwhile: the file grew past
      // 100 MB in a 10-second benchmark. Between two batches nothing is
      // being committed, so here the writer copies what is left (little:
      // the background thread did the bulk) and the next transaction
      // rewinds the WAL. Busy (the background one is running): next commit.
      int wal_frames = 0;
      int copied = 0;
      (void)sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames,
                                      &copied);
    } else if (wal_pages >= store->options_.checkpoint_pages) {
      std::lock_guard lock(store->checkpoint_mutex_);
      store->checkpoint_requested_ = true;
      store->checkpoint_cv_.notify_one();
    }
    return SQLITE_OK;
  }

  void RunCheckpointer() {
    for (;;) {
      {
        std::unique_lock lock(checkpoint_mutex_);
        checkpoint_cv_.wait(lock, [&] { return checkpoint_requested_ || checkpoint_stopping_; });
        if (checkpoint_stopping_) return;  // Stop() folds the WAL in itself
        checkpoint_requested_ = false;
      }
      // PASSIVE: copies what it can without taking the write lock, so the
      // writer goes on committing meanwhile; what is left waits for the next
      // request. Failures (disk full, read-only file) are retried then too.
      int wal_pages = 0;
      int copied = 0;
      const int rc = sqlite3_wal_checkpoint_v2(checkpointer_->raw(), nullptr,
                                               SQLITE_CHECKPOINT_PASSIVE, &wal_pages, &copied);
      if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
        log::Warn("wal_checkpoint_failed", {{"error", sqlite3_errstr(rc)}});
      }
    }
  }

  void RunReader() {
    SqliteReadTransaction read(*reader_);
    for (;;) {
      std::vector<ReadJob> batch = reads_.PopBatch(64);
      if (batch.empty()) return;
      for (auto& job : batch) {
        Status status = reader_->Exec("BEGIN");
        if (status.ok()) {
          status = RunGuarded<ReadTransaction>(job.work, read);
          (void)reader_->Exec("COMMIT");
        }
        CallGuarded(job.done, status);
      }
    }
  }

  const SqliteOptions options_;
  std::unique_ptr<Connection> writer_;  // used only by writer_thread_ (and Stop after join)
  SqliteAllowances allowances_;         // used only by writer_thread_
  std::unique_ptr<Connection> reader_;  // used only by reader_thread_; null for :memory:
  // Used only by checkpoint_thread_; null for :memory: and when
  // options_.checkpoint_pages is 0.
  std::unique_ptr<Connection> checkpointer_;
  BatchQueue<WriteJob> writes_;
  BatchQueue<ReadJob> reads_;
  std::thread writer_thread_;
  std::thread reader_thread_;
  std::thread checkpoint_thread_;
  std::mutex checkpoint_mutex_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_requested_ = false;  // guarded by checkpoint_mutex_
  bool checkpoint_stopping_ = false;   // guarded by checkpoint_mutex_
  std::once_flag stopped_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path,
                                               const SqliteOptions& options) {
  const bool in_memory = path == ":memory:";
  Result<std::unique_ptr<Connection>> writer =
      Connection::Open(path, /*create=*/true, options.busy_timeout_ms);
  if (!writer.ok()) return writer.status();
  if (options.max_page_count > 0) {
    Status limited =
        (*writer)->Exec("PRAGMA max_page_count = " + std::to_string(options.max_page_count));
    if (!limited.ok()) return limited;
  }
  Status migrated = Migrate(**writer);
  if (!migrated.ok()) {
    return Status(migrated.code(), "database '" + path + "': " + migrated.message());
  }
  std::unique_ptr<Connection> reader;
  if (!in_memory) {
    Result<std::unique_ptr<Connection>> opened =
        Connection::Open(path, /*create=*/false, options.busy_timeout_ms);
    if (!opened.ok()) return opened.status();
    reader = std::move(*opened);
  }
  std::unique_ptr<Connection> checkpointer;
  if (!in_memory && options.checkpoint_pages > 0) {
    Result<std::unique_ptr<Connection>> opened =
        Connection::Open(path, /*create=*/false, options.busy_timeout_ms);
    if (!opened.ok()) return opened.status();
    checkpointer = std::move(*opened);
  }
  return std::unique_ptr<Store>(new SqliteStore(std::move(*writer), std::move(reader),
                                                std::move(checkpointer), options));
}

}  // namespace levier::store
