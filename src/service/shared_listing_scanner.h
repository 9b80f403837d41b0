// The listing scanner of this thread, over the lexicon in force: the online-
// listing review (service/listing_service.h), the customs description check
// (service/customs_service.h) and the lexicon editor's trial scan read text
// through the same engine.
//
// The lexicon in force is the newest revision saved in the database
// (service/lexicon_service.h), or the one compiled into the binary when none
// was saved. Every call reads that one row, so all nodes sharing a database
// scan with the same terms from the first batch after an edit. Compiling
// takes a while and the compiled databases are read-only: each lexicon
// version is compiled once per process (other threads wait for it, then
// share it) and swapped into one LexiconMatcher; scans already running keep
// the set they started with. The engine's ListingScanner is not
// thread-safe, so each thread gets its own.
#pragma once

#include <memory>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"
#include "scan/lexicon.h"
#include "scan/lexicon_matcher.h"
#include "scan/listing_scanner.h"

namespace qf::service {

// kInternal when the lexicon in force cannot be loaded or compiled (a
// revision is checked before it is saved, so only a damaged row or an
// engine failure gets here). The scanner lives as long as the thread; do
// not keep the pointer across threads.
Result<scan::ListingScanner*> thread_listing_scanner(soci::session& s);

// Compiles a lexicon through the same per-process cache (by version): the
// editor's checks and trial scans of a revision that is not saved yet.
Result<std::shared_ptr<const scan::CompiledLexicon>> compiled_lexicon(
    const std::vector<scan::LexiconFile>& files);

}  // namespace qf::service
