// The listing scanner of this thread, over the one compiled lexicon of the
// process: the online-listing review (service/listing_service.h) and the
// customs description check (service/customs_service.h) read text through
// the same engine and lexicon.
//
// Compiling the lexicon takes a while and its databases are read-only, so
// one LexiconMatcher is built per process on first use and shared; the
// engine's ListingScanner is not thread-safe, so each thread gets its own.
#pragma once

#include "core/result.h"
#include "scan/listing_scanner.h"

namespace qf::service {

// kInternal when the compiled-in lexicon cannot be loaded. The scanner lives
// as long as the thread; do not keep the pointer across threads.
Result<scan::ListingScanner*> thread_listing_scanner();

}  // namespace qf::service
