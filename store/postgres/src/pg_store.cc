// PostgreSQL implementation of Store: one writer thread with group commit
// and one reader thread, each on its own connection.
#include <poll.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "levier/store/backend/work_queue.h"
#include "levier/store/postgres.h"
#include "levier/util/log.h"
#include "levier/util/thread_name.h"
#include "pg_db.h"
#include "pg_transaction.h"

namespace levier::store {
namespace {

using backend::BatchQueue;
using backend::CallGuarded;
using backend::PushDeferredOrRefuse;
using backend::PushOrRefuse;
using backend::ReadJob;
using backend::RunGuarded;
using backend::WriteJob;

// Opens a connection whose unqualified table names resolve in `schema`.
Result<std::unique_ptr<PgConnection>> OpenIn(const std::string& conninfo,
                                             const std::string& schema) {
  if (schema.empty()) return PgConnection::Open(conninfo);
  const std::string quoted = "\"" + schema + "\"";
  return PgConnection::Open(conninfo,
                            "CREATE SCHEMA IF NOT EXISTS " + quoted + ";SET search_path TO " + quoted);
}

// Makes `db` usable again after a lost connection or a failed transaction.
Status Recover(PgConnection& db) {
  if (PQstatus(db.raw()) != CONNECTION_OK) return db.Reset();
  if (db.InTransaction()) return db.Exec("ROLLBACK");
  return Status::Ok();
}

class PgStore final : public Store {
 public:
  PgStore(std::string conninfo, std::unique_ptr<PgConnection> writer,
          std::unique_ptr<PgConnection> reader, const PostgresOptions& options)
      : options_(options),
        conninfo_(std::move(conninfo)),
        writer_(std::move(writer)),
        reader_(std::move(reader)),
        writes_(static_cast<std::size_t>(options.max_queue)),
        reads_(static_cast<std::size_t>(options.max_queue)) {
    writer_thread_ = std::thread([this] {
      NameThisThread("store-writer");
      RunWriter();
    });
    reader_thread_ = std::thread([this] {
      NameThisThread("store-reader");
      RunReader();
    });
  }

  ~PgStore() override { Stop(); }

  void Submit(Work work, Done done) override {
    PushOrRefuse(writes_, std::move(work), std::move(done));
  }

  void SubmitForParticipants(std::vector<std::string> pseudonyms, Work work,
                             Done done) override {
    PushOrRefuse(writes_, WriteJob{std::move(work), std::move(done), std::move(pseudonyms)});
  }

  void SubmitDeferrable(std::vector<std::string> pseudonyms, Work work, Done done,
                        std::chrono::milliseconds max_delay) override {
    PushDeferredOrRefuse(writes_, WriteJob{std::move(work), std::move(done), std::move(pseudonyms)},
                         max_delay);
  }

  void SubmitRead(ReadWork work, Done done) override {
    PushOrRefuse(reads_, std::move(work), std::move(done));
  }

  bool WatchPublications(std::function<void()> published) override {
    std::lock_guard lock(watch_mutex_);
    watch_callback_ = std::move(published);
    if (watch_callback_ && !watch_thread_.joinable() && !watch_stopping_) {
      watch_thread_ = std::thread([this] {
        NameThisThread("store-watch");
        RunWatch();
      });
    }
    return true;
  }

  void Stop() override {
    std::call_once(stopped_, [this] {
      {
        std::lock_guard lock(watch_mutex_);
        watch_stopping_ = true;
        watch_callback_ = nullptr;
      }
      if (watch_thread_.joinable()) watch_thread_.join();
      writes_.Close();
      reads_.Close();
      if (writer_thread_.joinable()) writer_thread_.join();
      if (reader_thread_.joinable()) reader_thread_.join();
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

  void FailAll(std::vector<WriteJob>& batch, const Status& status) {
    for (auto& job : batch) CallGuarded(job.done, status);
  }

  void RunWriteBatch(std::vector<WriteJob>& batch) {
    if (Status recovered = Recover(*writer_); !recovered.ok()) {
      FailAll(batch, Status::Unavailable(recovered.message()));
      return;
    }
    if (Status begin = writer_->Exec("BEGIN"); !begin.ok()) {
      FailAll(batch, Status::Unavailable(begin.message()));
      return;
    }
    std::vector<Status> outcomes(batch.size());
    PgTransaction txn(*writer_, allowance_spends_);
    std::vector<std::string_view> participants;
    for (const WriteJob& job : batch) {
      participants.insert(participants.end(), job.participants.begin(), job.participants.end());
    }
    if (Status locked = txn.LockParticipants(participants); !locked.ok()) {
      (void)Recover(*writer_);
      log::Error("store_batch_lock_failed", {{"error", locked.ToString()}});
      FailAll(batch, Status::Unavailable("cannot lock the batch's participants: " + locked.message()));
      return;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      Status sp = writer_->Exec("SAVEPOINT unit");
      if (sp.ok()) {
        outcomes[i] = RunGuarded<Transaction>(batch[i].work, txn);
        if (!outcomes[i].ok()) (void)writer_->Exec("ROLLBACK TO SAVEPOINT unit");
        Status release = writer_->Exec("RELEASE SAVEPOINT unit");
        if (!release.ok() && outcomes[i].ok()) outcomes[i] = release;
      } else {
        outcomes[i] = sp;
      }
      if (!writer_->Healthy()) {
        // The connection was lost or the transaction cannot go on: the
        // earlier units are gone with it. Fail them all (the platform retries).
        const Status lost = Status::Unavailable(
            "transaction lost: " +
            (outcomes[i].ok() ? std::string(PQerrorMessage(writer_->raw())) : outcomes[i].message()));
        log::Error("store_batch_rolled_back", {{"error", lost.ToString()}});
        (void)Recover(*writer_);
        FailAll(batch, lost);
        return;
      }
    }
    Status commit = writer_->Exec("COMMIT");
    if (!commit.ok()) {
      (void)Recover(*writer_);
      log::Error("store_commit_failed", {{"error", commit.ToString()}});
      FailAll(batch, Status::Unavailable("commit failed: " + commit.message()));
      return;
    }
    for (std::size_t i = 0; i < batch.size(); ++i) CallGuarded(batch[i].done, outcomes[i]);
  }

  void RunReader() {
    PgReadTransaction read(*reader_);
    for (;;) {
      std::vector<ReadJob> batch = reads_.PopBatch(64);
      if (batch.empty()) return;
      for (auto& job : batch) {
        // One snapshot per unit, as SQLite's read transaction gives.
        Status status = Recover(*reader_);
        if (status.ok()) status = reader_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        if (status.ok()) {
          status = RunGuarded<ReadTransaction>(job.work, read);
          (void)reader_->Exec(status.ok() ? "COMMIT" : "ROLLBACK");
        } else {
          status = Status::Unavailable(status.message());
        }
        CallGuarded(job.done, status);
      }
    }
  }

  // Calls the watcher, if any (under the lock: WatchPublications(nullptr)
  // returns only once no call is running).
  void TellPublished() {
    std::lock_guard lock(watch_mutex_);
    if (!watch_callback_) return;
    try {
      watch_callback_();
    } catch (...) {
      log::CurrentException("store_watch_callback_threw");
    }
  }

  bool WatchStopping() {
    std::lock_guard lock(watch_mutex_);
    return watch_stopping_;
  }

  // LISTEN on a connection of its own; each notification (and each
  // reconnection, after which some may have been missed) is told. Wakes
  // every 250 ms to notice Stop().
  void RunWatch() {
    std::unique_ptr<PgConnection> listener;
    while (!WatchStopping()) {
      if (listener == nullptr) {
        Result<std::unique_ptr<PgConnection>> opened = OpenIn(conninfo_, options_.schema);
        Status listening = opened.ok() ? (*opened)->Exec(std::string("LISTEN ") + kPublishedChannel)
                                       : opened.status();
        if (!listening.ok()) {
          log::Warn("store_watch_unavailable", {{"error", listening.message()}});
          std::this_thread::sleep_for(std::chrono::seconds(1));
          continue;
        }
        listener = std::move(*opened);
        TellPublished();
      }
      pollfd ready{PQsocket(listener->raw()), POLLIN, 0};
      (void)::poll(&ready, 1, 250);
      if (PQconsumeInput(listener->raw()) == 0) {
        listener.reset();  // the connection was lost: reconnect
        continue;
      }
      bool told = false;
      while (PGnotify* notification = PQnotifies(listener->raw())) {
        PQfreemem(notification);
        told = true;
      }
      if (told) TellPublished();
    }
  }

  const PostgresOptions options_;
  const std::string conninfo_;
  std::unique_ptr<PgConnection> writer_;  // used only by writer_thread_
  std::uint64_t allowance_spends_ = 0;    // used only by writer_thread_
  std::unique_ptr<PgConnection> reader_;  // used only by reader_thread_
  BatchQueue<WriteJob> writes_;
  BatchQueue<ReadJob> reads_;
  std::thread writer_thread_;
  std::thread reader_thread_;
  std::mutex watch_mutex_;
  std::function<void()> watch_callback_;  // guarded by watch_mutex_
  bool watch_stopping_ = false;           // guarded by watch_mutex_
  std::thread watch_thread_;              // started by the first WatchPublications
  std::once_flag stopped_;
};

}  // namespace

bool IsPostgresLocation(const std::string& location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& conninfo,
                                                 const PostgresOptions& options) {
  for (char c : options.schema) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return Status::InvalidArgument("PostgreSQL schema '" + options.schema +
                                     "': use lower-case letters, digits and _");
    }
  }
  Result<std::unique_ptr<PgConnection>> writer = OpenIn(conninfo, options.schema);
  if (!writer.ok()) return writer.status();
  if (Status migrated = MigratePostgres(**writer); !migrated.ok()) {
    return Status(migrated.code(), "PostgreSQL database: " + migrated.message());
  }
  Result<std::unique_ptr<PgConnection>> reader = OpenIn(conninfo, options.schema);
  if (!reader.ok()) return reader.status();
  return std::unique_ptr<Store>(
      new PgStore(conninfo, std::move(*writer), std::move(*reader), options));
}

}  // namespace levier::store
