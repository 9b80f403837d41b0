// ListingPipeline: streams the records of `qingfeng scan` / `scan-eval`
// inputs through worker threads in bounded memory and hands the results
// back in input order.
//
// The input is cut into batches. Each of `threads` workers (the calling
// thread is one of them) takes the next batch, processes it (worker t only
// ever calls `work(t, …)`, so per-worker state such as a ListingScanner
// needs no lock) and puts it back; whoever completes the oldest unwritten
// batch writes it and every later one already done, in input order, through
// `write` (called under the pipeline's lock, from any worker). No thread
// only reads or only writes: a hand-over between threads costs more than a
// batch's worth of reading. At most 4 batches per worker are read ahead of
// the writing, so memory does not grow with the input.
//
// Batches are recycled: a written batch is filled again with its records'
// and results' buffers, so a long run allocates nothing per record once the
// first batches have grown to the input's line lengths. `work` therefore
// fills a result that may hold the previous record's values: it must set
// (or clear) every member it uses.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdio>
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

// Cuts the sources into batches, one at a time. An input that cannot be
// opened, or whose CSV header is unusable, is one record with `error` set.
class BatchReader {
 public:
  explicit BatchReader(const std::vector<Source>& sources) : sources_(sources) {}

  // Fills `batch` with the next records; false when none were left.
  template <class Out>
  bool next(Batch<Out>& batch) {
    batch.size = 0;
    std::size_t bytes = 0;
    while (source_ < sources_.size()) {
      const int source = static_cast<int>(source_);
      if (!in_) {
        const Source& src = sources_[source_];
        std::FILE* f = src.path == "-" ? stdin : std::fopen(src.path.c_str(), "rb");
        if (!f) {
          Record& r = batch.next_slot(source);
          r.raw = RawRecord{};
          r.error = "无法读取文件: " + src.path;
          ++source_;
          continue;
        }
        in_ = std::make_unique<RecordReader>(f, src.format);
      }
      Record& r = batch.next_slot(source);
      if (!in_->next(r.raw)) {
        if (!in_->error().empty()) {
          r.raw = RawRecord{};
          r.raw.line = in_->error_line();
          r.error = in_->error();
        } else {
          --batch.size;  // the slot stays for the next record
        }
        in_.reset();
        ++source_;
        continue;
      }
      bytes += r.raw.bytes.size() + 1;
      if (batch.size >= kBatchRecords || bytes >= kBatchBytes) return true;
    }
    return batch.size > 0;
  }

 private:
  const std::vector<Source>& sources_;
  std::size_t source_ = 0;            // the source being read
  std::unique_ptr<RecordReader> in_;  // open on sources_[source_], once started
};

// work(unsigned worker, const Record&, Out&, std::string& text) may append
// to `text`, one buffer per batch (the batch's output lines, say: one buffer
// instead of one string per record); write(const Record&, Out&, std::size_t
// record_bytes, const std::string& text) gets that buffer back.
template <class Out, class Work, class Write>
void run_pipeline(const std::vector<Source>& sources, unsigned threads, const Work& work,
                  const Write& write) {
  using BatchPtr = std::unique_ptr<Batch<Out>>;
  BatchReader reader(sources);
  if (threads <= 1) {
    Batch<Out> batch;
    while (reader.next(batch)) {
      batch.process(0, work);
      batch.write_all(write);
    }
    return;
  }

  std::mutex m;  // guards all below, the reader and the writing
  std::condition_variable cv_ahead;
  std::size_t taken = 0, written = 0;  // batches read, batches written
  bool input_done = false;
  std::map<std::size_t, BatchPtr> ready;  // processed, waiting for an older batch
  std::vector<BatchPtr> spare;            // written, to be filled again
  const std::size_t max_ahead = 4 * static_cast<std::size_t>(threads);

  auto worker = [&](unsigned t) {
    for (;;) {
      BatchPtr batch;
      std::size_t seq;
      {
        std::unique_lock lock(m);
        cv_ahead.wait(lock, [&] { return input_done || taken - written < max_ahead; });
        if (input_done) return;
        if (spare.empty()) {
          batch = std::make_unique<Batch<Out>>();
        } else {
          batch = std::move(spare.back());
          spare.pop_back();
        }
        if (!reader.next(*batch)) {
          input_done = true;
          cv_ahead.notify_all();
          return;
        }
        seq = taken++;
      }
      batch->process(t, work);
      std::lock_guard lock(m);
      ready.emplace(seq, std::move(batch));
      bool any = false;
      for (auto it = ready.begin(); it != ready.end() && it->first == written;
           it = ready.erase(it)) {
        it->second->write_all(write);
        spare.push_back(std::move(it->second));
        ++written;
        any = true;
      }
      if (any) cv_ahead.notify_all();
    }
  };
  std::vector<std::jthread> others;
  for (unsigned t = 1; t < threads; ++t) others.emplace_back(worker, t);
  worker(0);
}

}  // namespace qf::cli::scanning
