// LexiconRepository: the saved revisions of the scanner's lexicon
// (lexicon_revisions, migrations/0017). Revisions are only ever added; the
// newest is the one in force.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.h"

namespace qf::store {

struct LexiconFileText {
  std::string name;
  std::string content;
};

struct LexiconRevision {
  std::int64_t id = 0;
  std::int64_t number = 0;
  std::string lexicon_version;
  std::vector<LexiconFileText> files;  // empty in history listings
  std::int64_t terms = 0;
  std::string note;
  std::int64_t restored_from = 0;
  std::int64_t created_by = 0;
  std::string created_by_name;  // the account's display name (or username)
  std::int64_t created_at = 0;
};

class LexiconRepository {
 public:
  // The newest revision's number and lexicon version; nullopt when none was
  // saved (the built-in lexicon is in force). One indexed row: cheap enough
  // to ask before every scan batch.
  struct Head {
    std::int64_t number = 0;
    std::string lexicon_version;
  };
  static Result<std::optional<Head>> head(soci::session& s);

  // A revision with its files; nullopt for an unknown number.
  static Result<std::optional<LexiconRevision>> find(soci::session& s, std::int64_t number);

  // Newest first, without file contents.
  static Result<std::vector<LexiconRevision>> history(soci::session& s, std::int64_t limit,
                                                      std::int64_t offset);
  static Result<std::int64_t> count(soci::session& s);

  // Adds revision head+1 (r.number is set from the table, in the caller's
  // transaction; the UNIQUE number makes a concurrent save fail, not fork).
  static Result<LexiconRevision> append(soci::session& s, LexiconRevision r);
};

}  // namespace qf::store
