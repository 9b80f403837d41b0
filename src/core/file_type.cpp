#include "core/file_type.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace qf {
namespace {

constexpr std::string_view kImage = "图片";
constexpr std::string_view kAudio = "音频";
constexpr std::string_view kVideo = "视频";
constexpr std::string_view kLegacyOffice = "旧版Office文档";

FileType make(std::string_view mime, std::string_view extension, std::string_view label) {
  return FileType{std::string(mime), std::string(extension), std::string(label)};
}

bool at(std::string_view s, std::size_t offset, std::string_view token) {
  return s.size() >= offset + token.size() && s.compare(offset, token.size(), token) == 0;
}

std::uint32_t byte(std::string_view s, std::size_t i) { return static_cast<unsigned char>(s[i]); }

std::uint32_t le16(std::string_view s, std::size_t i) { return byte(s, i) | byte(s, i + 1) << 8; }

std::uint32_t le32(std::string_view s, std::size_t i) { return le16(s, i) | le16(s, i + 2) << 16; }

std::uint32_t be32(std::string_view s, std::size_t i) {
  return byte(s, i) << 24 | byte(s, i + 1) << 16 | byte(s, i + 2) << 8 | byte(s, i + 3);
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (ascii_lower(s[i]) != prefix[i]) return false;
  return true;
}

// ---- ISO base media (ftyp box): HEIF images and MP4/MOV/3GP/M4A ----------

struct Brand {
  std::string_view code;
  std::string_view mime;
  std::string_view extension;
  std::string_view label;
};

// Brands that say what the file is. HEIC comes before the generic HEIF
// brands so that the common "major mif1, compatible heic" layout is HEIC.
// clang-format off
constexpr Brand kBrands[] = {
    {"heic", "image/heic", "heic", kImage},
    {"heix", "image/heic", "heic", kImage},
    {"hevc", "image/heic", "heic", kImage},
    {"hevx", "image/heic", "heic", kImage},
    {"mif1", "image/heif", "heif", kImage},
    {"msf1", "image/heif", "heif", kImage},
    {"M4A ", "audio/mp4", "m4a", kAudio},
    {"M4B ", "audio/mp4", "m4a", kAudio},
    {"qt  ", "video/quicktime", "mov", kVideo},
    {"3gp4", "video/3gpp", "3gp", kVideo},
    {"3gp5", "video/3gpp", "3gp", kVideo},
    {"3gp6", "video/3gpp", "3gp", kVideo},
    {"3gp7", "video/3gpp", "3gp", kVideo},
    {"3ge6", "video/3gpp", "3gp", kVideo},
    {"3g2a", "video/3gpp2", "3g2", kVideo},
    {"M4V ", "video/mp4", "mp4", kVideo},
    {"isom", "video/mp4", "mp4", kVideo},
    {"iso2", "video/mp4", "mp4", kVideo},
    {"iso4", "video/mp4", "mp4", kVideo},
    {"iso5", "video/mp4", "mp4", kVideo},
    {"iso6", "video/mp4", "mp4", kVideo},
    {"mp41", "video/mp4", "mp4", kVideo},
    {"mp42", "video/mp4", "mp4", kVideo},
    {"avc1", "video/mp4", "mp4", kVideo},
    {"mmp4", "video/mp4", "mp4", kVideo},
    {"MSNV", "video/mp4", "mp4", kVideo},
    {"XAVC", "video/mp4", "mp4", kVideo},
};
// clang-format on

// Formats outside the accepted set that share the container and list
// accepted brands as compatible (AVIF declares mif1, Canon CR3 declares
// isom); without this they would be mislabelled as HEIF or MP4.
constexpr std::array<std::string_view, 3> kForeignBrands = {"avif", "avis", "crx "};

const Brand* find_brand(std::string_view code) {
  for (const auto& b : kBrands)
    if (b.code == code) return &b;
  return nullptr;
}

bool is_heif_generic(std::string_view code) { return code == "mif1" || code == "msf1"; }

std::optional<FileType> iso_media(std::string_view s) {
  if (s.size() < 12 || !at(s, 4, "ftyp")) return std::nullopt;
  const std::uint32_t box_size = be32(s, 0);
  // 8 bytes of box header, a major brand and a minor version at least.
  if (box_size < 16 || box_size % 4 != 0) return std::nullopt;
  const std::string_view major = s.substr(8, 4);

  const std::size_t end = std::min<std::size_t>(box_size, s.size());
  std::array<std::string_view, 64> compatible{};
  std::size_t n = 0;
  for (std::size_t off = 16; off + 4 <= end && n < compatible.size(); off += 4)
    compatible[n++] = s.substr(off, 4);

  auto foreign = [](std::string_view code) {
    for (auto f : kForeignBrands)
      if (f == code) return true;
    return false;
  };
  if (foreign(major)) return std::nullopt;
  for (std::size_t i = 0; i < n; ++i)
    if (foreign(compatible[i])) return std::nullopt;

  auto to_type = [](const Brand* b) { return make(b->mime, b->extension, b->label); };

  // The major brand is the writer's statement of what the file is; only the
  // generic HEIF brands defer to a more specific compatible one.
  if (const Brand* b = find_brand(major); b && !is_heif_generic(major)) return to_type(b);
  for (std::size_t i = 0; i < n; ++i) {
    const Brand* b = find_brand(compatible[i]);
    if (b && b->mime == "image/heic") return to_type(b);
  }
  if (const Brand* b = find_brand(major)) return to_type(b);
  for (std::size_t i = 0; i < n; ++i)
    if (const Brand* b = find_brand(compatible[i])) return to_type(b);
  return std::nullopt;
}

// ---- RIFF: WAV, AVI, WebP ---------------------------------------------------

std::optional<FileType> riff(std::string_view s) {
  if (at(s, 0, "RIFF")) {
    if (at(s, 8, "WAVE")) return make("audio/wav", "wav", kAudio);
    if (at(s, 8, "AVI ")) return make("video/x-msvideo", "avi", kVideo);
    if (at(s, 8, "WEBP")) return make("image/webp", "webp", kImage);
    return std::nullopt;
  }
  // Recorders switch to RF64 once a WAV recording passes 4 GiB.
  if (at(s, 0, "RF64") && at(s, 8, "WAVE")) return make("audio/wav", "wav", kAudio);
  return std::nullopt;
}

// ---- MP3 -----------------------------------------------------------------------

bool id3v2_header(std::string_view s) {
  if (s.size() < 10 || !at(s, 0, "ID3")) return false;
  const std::uint32_t version = byte(s, 3);
  if (version < 2 || version > 4 || byte(s, 4) == 0xFF) return false;
  for (std::size_t i = 6; i < 10; ++i)  // tag size is "syncsafe": 7 bits per byte
    if (byte(s, i) & 0x80) return false;
  return true;
}

// A bare MPEG audio frame header. Every reserved value is refused so that
// arbitrary data starting with 0xFF 0xFx is not taken for audio; only
// Layer III is MP3 (AAC in ADTS uses the same sync with layer 0).
bool mp3_frame_header(std::string_view s) {
  if (s.size() < 4 || byte(s, 0) != 0xFF || (byte(s, 1) & 0xE0) != 0xE0) return false;
  const std::uint32_t version = (byte(s, 1) >> 3) & 3;
  const std::uint32_t layer = (byte(s, 1) >> 1) & 3;
  const std::uint32_t bitrate = byte(s, 2) >> 4;
  const std::uint32_t sample_rate = (byte(s, 2) >> 2) & 3;
  return version != 1 && layer == 1 && bitrate != 0 && bitrate != 15 && sample_rate != 3;
}

// ---- Ogg -----------------------------------------------------------------------

std::optional<FileType> ogg(std::string_view s) {
  if (!at(s, 0, "OggS") || s.size() < 27 || byte(s, 4) != 0) return std::nullopt;
  // The first page carries the codec's identification header right after
  // the segment table.
  const std::size_t payload = 27 + byte(s, 26);
  if (at(s, payload, "\x80theora")) return make("video/ogg", "ogv", kVideo);
  if (at(s, payload, "OpusHead")) return make("audio/ogg", "opus", kAudio);
  return make("audio/ogg", "ogg", kAudio);
}

// ---- AMR (phone voice recordings) -------------------------------------------

std::optional<FileType> amr(std::string_view s) {
  if (at(s, 0, "#!AMR\n") || at(s, 0, "#!AMR_MC1.0\n")) return make("audio/amr", "amr", kAudio);
  if (at(s, 0, "#!AMR-WB\n") || at(s, 0, "#!AMR-WB_MC1.0\n"))
    return make("audio/amr-wb", "awb", kAudio);
  return std::nullopt;
}

// ---- Office Open XML (ZIP) ------------------------------------------------

// A ZIP is only accepted when it is an OOXML document; a bare archive could
// carry anything. The first entries are found through their local file
// headers (signature, fixed 30-byte header, then the name). Entries written
// with a trailing data descriptor have no size in the header, so rather than
// walking from entry to entry every header signature in the window is
// examined; a stray signature inside compressed data would also need a
// plausible name to matter.
std::optional<FileType> ooxml(std::string_view s) {
  constexpr std::string_view kLocalHeader("PK\x03\x04", 4);
  if (!at(s, 0, kLocalHeader)) return std::nullopt;
  for (std::size_t p = 0; (p = s.find(kLocalHeader, p)) != std::string_view::npos; p += 4) {
    if (p + 30 > s.size()) break;
    const std::size_t name_length = le16(s, p + 26);
    if (name_length == 0 || p + 30 + name_length > s.size()) continue;
    const std::string_view name = s.substr(p + 30, name_length);
    if (starts_with_nocase(name, "word/"))
      return make("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
                  "Word文档");
    if (starts_with_nocase(name, "xl/"))
      return make("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
                  "Excel表格");
    if (starts_with_nocase(name, "ppt/"))
      return make("application/vnd.openxmlformats-officedocument.presentationml.presentation",
                  "pptx", "PowerPoint演示文稿");
  }
  return std::nullopt;
}

// ---- Legacy Office (OLE2 compound file) ------------------------------------

// Reads a directory entry's UTF-16LE name when it is plain ASCII, which all
// the stream names of interest are.
std::string ole_entry_name(std::string_view entry) {
  const std::size_t bytes = le16(entry, 0x40);
  if (bytes < 2 || bytes > 64 || bytes % 2 != 0) return {};
  std::string name;
  for (std::size_t i = 0; i + 2 < bytes; i += 2) {
    if (byte(entry, i + 1) != 0 || byte(entry, i) == 0 || byte(entry, i) > 0x7F) return {};
    name.push_back(entry[i]);
  }
  return name;
}

// Every OLE2 file is accepted as a legacy Office document. When the first
// directory sector lies inside the window, its stream names tell Word, Excel
// and PowerPoint apart, which gives downloads a usable extension.
std::optional<FileType> ole2(std::string_view s) {
  constexpr std::string_view kSignature("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  if (!at(s, 0, kSignature)) return std::nullopt;
  const FileType generic = make("application/x-ole-storage", "ole", kLegacyOffice);
  if (s.size() < 512) return generic;
  const std::uint32_t sector_shift = le16(s, 0x1E);
  if (sector_shift != 9 && sector_shift != 12) return generic;
  const std::uint64_t first_dir_sector = le32(s, 0x30);
  const std::uint64_t sector_size = std::uint64_t{1} << sector_shift;
  // Sector n starts after the header, which occupies one sector's worth.
  const std::uint64_t dir_offset = (first_dir_sector + 1) * sector_size;
  for (std::uint64_t off = dir_offset; off + 128 <= s.size() && off < dir_offset + sector_size;
       off += 128) {
    const std::string name = ole_entry_name(s.substr(off, 128));
    if (name == "WordDocument") return make("application/msword", "doc", kLegacyOffice);
    if (name == "Workbook" || name == "Book")
      return make("application/vnd.ms-excel", "xls", kLegacyOffice);
    if (name == "PowerPoint Document")
      return make("application/vnd.ms-powerpoint", "ppt", kLegacyOffice);
  }
  return generic;
}

// ---- Images with short signatures -------------------------------------------

bool bmp_header(std::string_view s) {
  if (s.size() < 18 || !at(s, 0, "BM")) return false;
  // "BM" alone is too weak; the DIB header that follows has one of a few
  // known sizes (OS/2 core, BITMAPINFOHEADER and its later versions).
  constexpr std::uint32_t kDibHeaderSizes[] = {12, 16, 40, 52, 56, 64, 108, 124};
  const std::uint32_t dib = le32(s, 14);
  for (std::uint32_t known : kDibHeaderSizes)
    if (dib == known) return true;
  return false;
}

}  // namespace

std::optional<FileType> detect_file_type(std::string_view first_bytes) {
  const std::string_view s = first_bytes.substr(0, kFileTypeSniffBytes);

  if (at(s, 0, "\xFF\xD8\xFF")) return make("image/jpeg", "jpg", kImage);
  if (at(s, 0, "\x89PNG\r\n\x1A\n")) return make("image/png", "png", kImage);
  if (at(s, 0, "GIF87a") || at(s, 0, "GIF89a")) return make("image/gif", "gif", kImage);
  if (at(s, 0, std::string_view("II*\0", 4)) || at(s, 0, std::string_view("MM\0*", 4)) ||
      at(s, 0, std::string_view("II+\0", 4)) || at(s, 0, std::string_view("MM\0+", 4)))
    return make("image/tiff", "tif", kImage);
  if (bmp_header(s)) return make("image/bmp", "bmp", kImage);
  if (at(s, 0, "%PDF-")) return make("application/pdf", "pdf", "PDF文档");
  if (at(s, 0, "fLaC")) return make("audio/flac", "flac", kAudio);
  if (id3v2_header(s) || mp3_frame_header(s)) return make("audio/mpeg", "mp3", kAudio);
  if (auto t = riff(s)) return t;
  if (auto t = iso_media(s)) return t;
  if (auto t = ogg(s)) return t;
  if (auto t = amr(s)) return t;
  if (auto t = ooxml(s)) return t;
  if (auto t = ole2(s)) return t;
  return std::nullopt;
}

}  // namespace qf
