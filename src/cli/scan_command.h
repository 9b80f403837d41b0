// `qingfeng scan`: the online-listing scanner (src/scan) on the command line.
//   scan [--threads N] [--lexicon DIR] [--format jsonl|csv] [FILE…|-]
//                        listings as JSON Lines ("id","platform","url",
//                        "title","text", optional "price","seller",
//                        "posted_at") or CSV with a header row of the same
//                        names (cli/scan_input.h); one JSON line out per
//                        listing, in input order: {"id","risk","category",
//                        "score","hits":[{"term","category","field":"title|
//                        text","start","end","via",…}],"species","contacts",
//                        "reasons","lexicon"}; offsets are bytes of the field.
//                        Title and text are scanned as one document
//                        (scan/listing_document.h). Streaming: N workers with a
//                        scanner each read, scan and write batches, output in
//                        input order (cli/listing_pipeline.h). A
//                        malformed record becomes {"line":N,"error":…} (and a
//                        line on stderr), never the end of the run. A progress
//                        line when stderr is a terminal; a summary at the end.
//   scan --export-terms  the lexicon's literal terms (= scan terms).
//   scan text [FILE|-] [--threads N]
//                        one listing's text per line (any bytes: invalid
//                        UTF-8 is reported in the verdict, not fatal), through
//                        the same pipeline: the verdict `scan` writes for a
//                        listing with only a text, its id the line number
//                        (blank lines count), every hit in "field":"text" at
//                        byte offsets of the line. A summary goes to stderr.
//   scan terms           the lexicon's literal terms, normalised, one a line
//                        (for comparing with grep -F / rg -F on a corpus).
//   scan-eval LABELS.jsonl [--threads N] [--json] [--misses]
//                        labelled listings ("label": wildlife|tool|marketing|
//                        benign): precision, recall and F1 of flagged (risk
//                        high or medium), overall and per category, and the
//                        confusion table (label × predicted category or none).
// --lexicon DIR reads DIR/*.txt instead of the compiled-in data/lexicon.
// Exit status 0 (malformed records do not change it); 2 for a bad lexicon or
// an input file that cannot be opened. No database is touched.
#pragma once

namespace CLI {
class App;
}

namespace qf::cli {

// Adds the `scan` and `scan-eval` subcommands to `app`; its callbacks set `exit_code`.
void add_scan_command(CLI::App& app, int& exit_code);

}  // namespace qf::cli
