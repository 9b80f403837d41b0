// Scanner throughput on a synthetic corpus (bench/scan/synthetic_corpus.h).
//   prefilter  the AnchorPrefilter alone (anchor_prefilter.h); passed% is
//              the share of listings it lets through to the full pipeline
//   normalize  the ListingNormalizer pass alone (normalised text + pinyin)
//   scan       the whole pipeline: normalise, match (three vectorscan
//              databases), score — per thread one ListingScanner
// Counters: bytes_per_second (MB/s in the output), listings/s, and the
// memory of the compiled lexicon and the generated Unicode tables.
// SCAN_BENCH_MB (default 64) sets the corpus size.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"
#include "scan/listing_normalizer.h"
#include "scan/listing_scanner.h"
#include "scan/unicode_tables.h"
#include "synthetic_corpus.h"

namespace {

using namespace qf::scan;

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> listings = [] {
    std::size_t mb = 64;
    if (const char* v = std::getenv("SCAN_BENCH_MB")) mb = std::strtoul(v, nullptr, 10);
    return bench::synthetic_listings(mb << 20);
  }();
  return listings;
}

std::size_t corpus_bytes() {
  static const std::size_t bytes = [] {
    std::size_t b = 0;
    for (const auto& s : corpus()) b += s.size();
    return b;
  }();
  return bytes;
}

const LexiconMatcher& matcher() {
  static const LexiconMatcher m = [] {
    auto lexicon = Lexicon::builtin();
    if (!lexicon) std::abort();
    auto compiled = CompiledLexicon::compile(std::move(*lexicon));
    if (!compiled) std::abort();
    return LexiconMatcher(*compiled);
  }();
  return m;
}

void report(benchmark::State& state, std::size_t listings, std::size_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.counters["listings/s"] =
      benchmark::Counter(static_cast<double>(listings), benchmark::Counter::kIsRate);
}

void BM_Normalize(benchmark::State& state) {
  const auto& listings = corpus();
  ListingNormalizer normalizer;
  NormalizedListing out;
  std::size_t n = 0, bytes = 0;
  for (auto _ : state) {
    for (std::size_t i = static_cast<std::size_t>(state.thread_index()); i < listings.size();
         i += static_cast<std::size_t>(state.threads())) {
      normalizer.normalize(listings[i], out);
      benchmark::DoNotOptimize(out.normalized.text().data());
      bytes += listings[i].size();
      ++n;
    }
  }
  report(state, n, bytes);
}

void BM_Prefilter(benchmark::State& state) {
  const auto& listings = corpus();
  const auto compiled = matcher().current();
  const AnchorPrefilter& prefilter = compiled->prefilter();
  PrefilterScratch scratch;
  std::size_t n = 0, bytes = 0, passed = 0;
  for (auto _ : state) {
    for (const std::string& listing : listings) {
      passed += prefilter.may_contain_anchor(listing, scratch);
      bytes += listing.size();
      ++n;
    }
  }
  report(state, n, bytes);
  state.counters["passed%"] =
      benchmark::Counter(n ? 100.0 * static_cast<double>(passed) / static_cast<double>(n) : 0);
}

void BM_Scan(benchmark::State& state) {
  const auto& listings = corpus();
  ListingScanner scanner(matcher());  // one per thread: its own scratch
  std::size_t n = 0, bytes = 0, flagged = 0;
  for (auto _ : state) {
    for (std::size_t i = static_cast<std::size_t>(state.thread_index()); i < listings.size();
         i += static_cast<std::size_t>(state.threads())) {
      auto v = scanner.scan(listings[i]);
      if (!v) {
        state.SkipWithError("scan failed");
        return;
      }
      flagged += v->risk >= Risk::kMedium;
      bytes += listings[i].size();
      ++n;
    }
  }
  report(state, n, bytes);
  state.counters["flagged%"] =
      benchmark::Counter(n ? 100.0 * static_cast<double>(flagged) / static_cast<double>(n) : 0,
                         benchmark::Counter::kAvgThreads);
}

BENCHMARK(BM_Prefilter)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Normalize)->Unit(benchmark::kMillisecond)->UseRealTime()->Threads(1);
BENCHMARK(BM_Scan)->Unit(benchmark::kMillisecond)->UseRealTime()->Threads(1)->Threads(2);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const auto compiled = matcher().current();
  std::cout << "corpus: " << corpus().size() << " listings, " << corpus_bytes() / 1e6 << " MB\n"
            << "lexicon " << compiled->lexicon().version() << ": "
            << compiled->lexicon().terms().size() << " terms, compiled databases "
            << compiled->database_bytes() / 1024.0 << " KiB\n"
            << "generated Unicode tables: " << unicode_table_bytes() / 1024.0 << " KiB\n";
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
