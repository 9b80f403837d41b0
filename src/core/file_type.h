// Evidence file types, recognised from content only.
//
// Uploaded evidence is identified by its leading bytes, never by the file
// name or the client's Content-Type: both are chosen by whoever uploads and
// would let an executable or a script be stored as "photo.jpg". The accepted
// set is what field officers actually produce — photos, scans, audio and
// video recordings, PDFs and Office documents. Anything else (executables,
// scripts, HTML, bare archives, unknown formats) is refused.
//
// Callers pass the first kFileTypeSniffBytes bytes of the file (fewer when
// the file is shorter); longer input is cut to that length so that the
// answer never depends on how much a caller happened to read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace qf {

inline constexpr std::size_t kFileTypeSniffBytes = 4096;

struct FileType {
  std::string mime;       // e.g. "image/jpeg"
  std::string extension;  // without the dot, e.g. "jpg"; used for download names
  std::string label_zh;   // category shown to users, e.g. "图片"

  bool operator==(const FileType&) const = default;
};

std::optional<FileType> detect_file_type(std::string_view first_bytes);

}  // namespace qf
