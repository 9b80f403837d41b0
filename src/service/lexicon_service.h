// LexiconService: the scanner's lexicon edited through the API, with
// versions (issue 4). Administrators and the office (kManageReferenceData)
// change the terms that the online-listing scanner and the customs
// description check look for; the departments that read listings and the
// editors read them.
//
//  - The lexicon is a set of text files in the format of scan/lexicon.h
//    (data/lexicon/*.txt is the built-in set, revision 0). A save stores a
//    whole new revision — every file's full text — numbered 1, 2, 3 …; the
//    newest is in force on every node from the next scan batch
//    (service/shared_listing_scanner.h). Nothing is ever deleted: restoring
//    an old revision saves its files again as a new revision that names it.
//  - A revision is checked before it is saved exactly as the scanner will
//    read it: parsed (a bad line refuses the save naming file:line) and
//    compiled by vectorscan (a regular expression it refuses does too).
//  - Saves name the revision they edit (If-Match "v<number>", 0 for the
//    built-in set): a save over someone else's newer revision is refused
//    with kPreconditionFailed instead of silently dropping their terms.
//    A note (why) is required; the save is audited with both versions and
//    the files that changed.
//  - A trial scan runs a title and text through the revision in force, a
//    saved one, or the files being edited, without saving anything.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "service/directory_service.h"
#include "service/service_context.h"
#include "store/lexicon_repository.h"

namespace qf::service {

inline constexpr std::size_t kMaxLexiconFiles = 32;
inline constexpr std::size_t kMaxLexiconBytes = 2u << 20;  // all files together
inline constexpr std::size_t kMaxLexiconNoteBytes = 2000;

struct LexiconState {
  store::LexiconRevision revision;  // number 0: the built-in set (no author, no time)
  std::map<std::string, std::int64_t> terms_by_category;  // "species" → 79
  bool in_force = false;
};

struct LexiconEdit {
  std::vector<store::LexiconFileText> files;
  std::string note;
  std::int64_t base_revision = 0;  // the revision edited (If-Match)
  std::int64_t restored_from = 0;  // a revision whose files these are, 0 if none
  bool dry_run = false;            // check only: parse, compile, count
};

struct LexiconTrial {
  std::optional<std::int64_t> revision;                      // a saved one (0: built-in)
  std::optional<std::vector<store::LexiconFileText>> files;  // or the files being edited
  std::string title;
  std::string text;
};

class LexiconService {
 public:
  explicit LexiconService(ServiceContext& ctx) : ctx_(ctx) {}

  // The revision in force with its files.
  Result<LexiconState> current(const CallContext& call);
  // One revision with its files; 0 is the built-in set. kNotFound otherwise.
  Result<LexiconState> revision(const CallContext& call, std::int64_t number);
  // Saved revisions, newest first, without files.
  Result<Page<store::LexiconRevision>> history(const CallContext& call, std::int64_t limit,
                                               std::int64_t offset);
  // Checks and (unless dry_run) saves a new revision; answers it.
  Result<LexiconState> save(const CallContext& call, const LexiconEdit& edit);
  // The explained verdict (see explain_listing) plus "lexicon_revision".
  Result<nlohmann::json> trial(const CallContext& call, const LexiconTrial& trial);

 private:
  ServiceContext& ctx_;
};

// {"revision","lexicon_version","terms","terms_by_category","note","restored_from",
//  "created_by","created_at"(ISO or null),"in_force", "files":[{name,content}] when present}
nlohmann::json to_json(const LexiconState& state);
nlohmann::json to_json(const store::LexiconRevision& revision);

}  // namespace qf::service
