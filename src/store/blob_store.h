// BlobStore: content-addressed storage for evidence files.
//
// A blob is named by the lower-case hex SHA-256 of its content and lives at
// DIR/ab/cd/<64 hex digits> (the first two byte pairs fan the files out so no
// directory grows huge). Naming by content gives deduplication for free and
// lets anyone holding a case record's hash check that the stored file is the
// one that was submitted — the property evidence handling depends on.
//
// Contract:
//  - open(dir) creates DIR and DIR/tmp when missing and fails unless a file
//    can actually be created there. Temporary files older than a day are
//    swept from DIR/tmp (left by a crash); younger ones may belong to another
//    process sharing the directory and are left alone.
//  - put_file / put_bytes stream the content in 64 KiB chunks into a temp
//    file in DIR/tmp while hashing it, and decide the type from the first
//    kFileTypeSniffBytes bytes (content only, never a name). They refuse
//    empty input (kInvalidInput), input over max_size (kTooLarge) and
//    types detect_file_type() does not accept (kUnsupportedMedia). On success
//    the temp file is fsynced and linked into place atomically; when the blob
//    already exists the existing file is kept and the new copy discarded.
//    No failure path leaves a temp file behind. Stored files are read-only.
//  - A sha256 argument must be 64 lower-case hex digits before it is used to
//    build a path (it may come from a request): path_for() returns "" and
//    exists() false for anything else; verified_path() says kInvalidInput.
//  - verified_path() re-hashes the stored file and hands out its path only
//    if the content still matches its name: a missing blob is kNotFound, a
//    mismatch kInternal (证据文件校验失败…) and is logged.
//  - Nothing throws: filesystem and system-call failures become Error values
//    with a generic message; the details (paths, errno) go to the log.
//
// A BlobStore holds only its directory, so copies are cheap and it can be
// used from several threads and processes at once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/file_type.h"
#include "core/result.h"

namespace qf::store {

struct StoredBlob {
  std::string sha256;  // 64 lower-case hex digits
  std::uint64_t size = 0;
  FileType type;
};

class BlobStore {
 public:
  using StoredBlob = store::StoredBlob;

  static Result<BlobStore> open(std::string dir);

  Result<StoredBlob> put_file(const std::string& source_path, std::uint64_t max_size);
  Result<StoredBlob> put_bytes(std::string_view data, std::uint64_t max_size);

  std::string path_for(const std::string& sha256) const;
  bool exists(const std::string& sha256) const;
  Result<std::string> verified_path(const std::string& sha256) const;

  const std::string& dir() const { return dir_; }
  std::string tmp_dir() const { return dir_ + "/tmp"; }

  static bool is_valid_sha256(std::string_view sha256);

 private:
  explicit BlobStore(std::string dir) : dir_(std::move(dir)) {}

  std::string dir_;  // absolute, no trailing slash
};

}  // namespace qf::store
