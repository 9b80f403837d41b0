// ListingPipeline: streams the records of `qingfeng scan` / `scan-eval`
// inputs through worker threads in bounded memory and hands the results
// back in input order.
//
// A reader thread cuts the inputs into batches, `threads` workers process
// batches (worker t only ever calls `work(t, …)`, so per-worker state such as
// a ListingScanner needs no lock), and the calling thread gets each record
// with its result through `write`, in input order. At most 4 batches per
// worker are in flight, so memory does not grow with the input. With one
// worker the calling thread reads, works and writes each batch in turn.
//
// Batches are recycled: a written batch goes back to the reader with its
// records' and results' buffers, so a long run allocates nothing per record
// once the first batches have grown to the input's line lengths. `work`
// therefore fills a result that may hold the previous record's values: it
// must set (or clear) every member it uses.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "cli/scan_input.h"

namespace qf::cli::scanning {

struct Source {
  std::string path;  // "-" for standard input
  InputFormat format = InputFormat::kJsonLines;
};

// A record on its way through the pipeline.
struct Record {
  RawRecord raw;
  int source = 0;     // index in the sources
  std::string error;  // the input could not be opened or its CSV header is unusable
};

// Records per batch and bytes per batch: large enough that hand-overs
// between threads are rare, small enough to bound memory. A record slot keeps
// its buffer for the next record unless an unusually long record grew it
// past kKeptRecordBytes.
constexpr std::size_t kBatchRecords = 256, kBatchBytes = 1u << 20, kKeptRecordBytes = 4096;

template <class Out>
struct Batch {
  std::vector<Record> records;  // the first `size` are this batch's
  std::vector<Out> outs;
  std::string text;  // what `work` appended for the batch
  std::size_t size = 0;

  Record& next_slot(int source) {
    if (size == records.size()) records.emplace_back();
    Record& r = records[size++];
    r.source = source;
    r.error.clear();
    if (r.raw.bytes.capacity() > kKeptRecordBytes) std::string().swap(r.raw.bytes);
    return r;
  }
  template <class Work>
  void process(unsigned worker, const Work& work) {
    if (outs.size() < size) outs.resize(size);
    text.clear();
    for (std::size_t i = 0; i < size; ++i) work(worker, records[i], outs[i], text);
  }
  template <class Write>
  void write_all(const Write& write) {
    for (std::size_t i = 0; i < size; ++i)
      write(records[i], outs[i], records[i].raw.bytes.size() + 1, text);
  }
};

// Cuts the sources into batches: take() gives an empty batch
// (std::unique_ptr<Batch<Out>>) to fill, give(batch) hands on a full one —
// and the last one, if it holds anything. An input that cannot be opened,
// or whose CSV header is unusable, is one record with `error` set.
template <class Out, class Take, class Give>
void read_batches(const std::vector<Source>& sources, const Take& take, const Give& give) {
  std::unique_ptr<Batch<Out>> batch;
  std::size_t batch_bytes = 0;
  auto slot = [&](int source) -> Record& {
    if (!batch) {
      batch = take();
      batch->size = 0;
      batch_bytes = 0;
    }
    return batch->next_slot(source);
  };
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const Source& src = sources[s];
    std::FILE* f = src.path == "-" ? stdin : std::fopen(src.path.c_str(), "rb");
    if (!f) {
      Record& r = slot(static_cast<int>(s));
      r.raw = RawRecord{};
      r.error = "无法读取文件: " + src.path;
      continue;
    }
    RecordReader in(f, src.format);
    for (;;) {
      Record& r = slot(static_cast<int>(s));
      if (!in.next(r.raw)) {
        if (!in.error().empty()) {
          r.raw = RawRecord{};
          r.raw.line = in.error_line();
          r.error = in.error();
        } else {
          --batch->size;  // the slot stays for the next record
        }
        break;
      }
      batch_bytes += r.raw.bytes.size() + 1;
      if (batch->size >= kBatchRecords || batch_bytes >= kBatchBytes) give(std::move(batch));
    }
  }
  if (batch) give(std::move(batch));
}

// work(unsigned worker, const Record&, Out&, std::string& text) may append
// to `text`, one buffer per batch (the batch's output lines, say: one buffer
// instead of one string per record); write(const Record&, Out&, std::size_t
// record_bytes, const std::string& text) gets that buffer back.
template <class Out, class Work, class Write>
void run_pipeline(const std::vector<Source>& sources, unsigned threads, const Work& work,
                  const Write& write) {
  using BatchPtr = std::unique_ptr<Batch<Out>>;
  if (threads <= 1) {
    // One thread does it all: no hand-over between threads (a wake-up costs
    // more than a batch's worth of reading), and the bytes stay in its cache.
    BatchPtr spare = std::make_unique<Batch<Out>>();
    read_batches<Out>(
        sources, [&] { return std::move(spare); },
        [&](BatchPtr batch) {
          batch->process(0, work);
          batch->write_all(write);
          spare = std::move(batch);
        });
    return;
  }

  std::mutex m;
  std::condition_variable cv_task, cv_done, cv_space;
  std::deque<std::pair<std::size_t, BatchPtr>> tasks;
  std::map<std::size_t, BatchPtr> done;
  std::vector<BatchPtr> spare;  // written batches, for the reader to refill
  std::size_t in_flight = 0, batches = 0;
  bool reading_done = false;
  const std::size_t max_in_flight = 4 * static_cast<std::size_t>(threads);

  std::jthread reader([&] {
    read_batches<Out>(
        sources,
        [&] {
          std::unique_lock lock(m);
          cv_space.wait(lock, [&] { return in_flight < max_in_flight; });
          ++in_flight;
          if (spare.empty()) return std::make_unique<Batch<Out>>();
          BatchPtr batch = std::move(spare.back());
          spare.pop_back();
          return batch;
        },
        [&](BatchPtr batch) {
          std::lock_guard lock(m);
          if (batch->size == 0) {  // the last batch, empty
            --in_flight;
            spare.push_back(std::move(batch));
            return;
          }
          tasks.emplace_back(batches++, std::move(batch));
          cv_task.notify_one();
        });
    std::lock_guard lock(m);
    reading_done = true;
    cv_task.notify_all();
    cv_done.notify_all();
  });

  std::vector<std::jthread> workers;
  for (unsigned t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      for (;;) {
        std::unique_lock lock(m);
        cv_task.wait(lock, [&] { return !tasks.empty() || reading_done; });
        if (tasks.empty()) return;
        auto [seq, batch] = std::move(tasks.front());
        tasks.pop_front();
        lock.unlock();
        batch->process(t, work);
        lock.lock();
        done.emplace(seq, std::move(batch));
        cv_done.notify_all();
      }
    });

  for (std::size_t next = 0;; ++next) {
    std::unique_lock lock(m);
    cv_done.wait(lock, [&] { return done.count(next) || (reading_done && next == batches); });
    if (!done.count(next)) break;
    auto batch = std::move(done[next]);
    done.erase(next);
    lock.unlock();
    batch->write_all(write);
    lock.lock();
    spare.push_back(std::move(batch));
    --in_flight;
    cv_space.notify_one();
  }
}

}  // namespace qf::cli::scanning
