#include "core/file_type.h"

#include <cctype>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <utility>

#include <gtest/gtest.h>

namespace qf {
namespace {

using namespace std::string_literals;

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string le16(std::uint32_t v) { return {static_cast<char>(v), static_cast<char>(v >> 8)}; }

std::string le32(std::uint32_t v) { return le16(v & 0xFFFF) + le16(v >> 16); }

// An ISO base media file: ftyp box followed by the start of a moov box.
std::string ftyp(const std::string& major, std::initializer_list<std::string> compatible) {
  std::string body = major + "\0\0\0\0"s;
  for (const auto& b : compatible) body += b;
  return be32(static_cast<std::uint32_t>(body.size() + 8)) + "ftyp" + body + be32(8) + "moov";
}

// A ZIP local file header followed by the entry's (stored) data.
std::string zip_entry(const std::string& name, const std::string& data, bool descriptor = false) {
  std::string h = "PK\x03\x04"s;
  h += le16(20);                            // version needed
  h += le16(descriptor ? 0x0008 : 0);       // flags: bit 3 = sizes follow the data
  h += le16(0);                             // method: stored
  h += le16(0) + le16(0x5A21);              // time, date
  h += le32(0);                             // crc-32 (not checked)
  h += le32(descriptor ? 0 : data.size());  // compressed size
  h += le32(descriptor ? 0 : data.size());  // uncompressed size
  h += le16(name.size()) + le16(0);         // name length, extra length
  return h + name + data;
}

std::string content_types() {
  return zip_entry("[Content_Types].xml",
                   "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types "
                   "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                   "<Default Extension=\"rels\" "
                   "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                   "</Types>") +
         zip_entry("_rels/.rels", "<Relationships/>");
}

// An OLE2 header (512-byte sectors) with its first directory sector at
// `dir_sector` and the given stream names in it.
std::string ole2(std::uint32_t dir_sector, std::initializer_list<std::string> names) {
  std::string h = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"s + std::string(16, '\0');
  h += le16(0x3E) + le16(3) + le16(0xFFFE) + le16(9) + le16(6);  // minor, major, BOM, shifts
  h += std::string(6, '\0') + le32(0) + le32(1) + le32(dir_sector);
  h.resize(512, '\0');
  h += std::string(512 * dir_sector, '\0');
  for (const auto& name : names) {
    std::string entry;
    for (char c : name) entry += std::string{c, '\0'};
    entry.resize(64, '\0');
    entry += le16(static_cast<std::uint32_t>(name.size() * 2 + 2));
    entry.resize(128, '\0');
    h += entry;
  }
  return h;
}

struct Expect {
  const char* what;
  std::string bytes;
  const char* mime;
  const char* extension;
  const char* label;
};

class Accepted : public ::testing::TestWithParam<Expect> {};

TEST_P(Accepted, RecognisedFromHeader) {
  const Expect& e = GetParam();
  auto type = detect_file_type(e.bytes);
  ASSERT_TRUE(type.has_value()) << e.what;
  EXPECT_EQ(type->mime, e.mime) << e.what;
  EXPECT_EQ(type->extension, e.extension) << e.what;
  EXPECT_EQ(type->label_zh, e.label) << e.what;
}

TEST_P(Accepted, SameAnswerWithTrailingContent) {
  const Expect& e = GetParam();
  std::string longer = e.bytes + std::string(2 * kFileTypeSniffBytes, '\x5A');
  EXPECT_EQ(detect_file_type(longer), detect_file_type(e.bytes)) << e.what;
}

TEST_P(Accepted, EveryPrefixIsHandled) {
  // Short uploads and truncated reads must not crash or read past the end.
  const Expect& e = GetParam();
  for (std::size_t n = 0; n <= e.bytes.size(); ++n) (void)detect_file_type(e.bytes.substr(0, n));
}

const std::string kDocx = content_types() + zip_entry("word/document.xml", "<w:document/>");

INSTANTIATE_TEST_SUITE_P(
    FileType, Accepted,
    ::testing::Values(
        Expect{"jpeg-jfif", "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x48"s, "image/jpeg",
               "jpg", "图片"},
        Expect{"jpeg-exif", "\xFF\xD8\xFF\xE1\x2F\xFE"s + "Exif\x00\x00MM\x00*"s, "image/jpeg",
               "jpg", "图片"},
        Expect{"png", "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\x00\x01\x00"s, "image/png", "png",
               "图片"},
        Expect{"gif89a", "GIF89a\x10\x00\x10\x00\xF0\x00\x00"s, "image/gif", "gif", "图片"},
        Expect{"gif87a", "GIF87a\x01\x00\x01\x00\x80\x00\x00"s, "image/gif", "gif", "图片"},
        Expect{"webp", "RIFF\x24\x10\x00\x00WEBPVP8 \x18\x10\x00\x00"s, "image/webp", "webp",
               "图片"},
        Expect{"heic-iphone", ftyp("heic", {"mif1", "heic"}), "image/heic", "heic", "图片"},
        Expect{"heic-heix", ftyp("heix", {"mif1", "heix"}), "image/heic", "heic", "图片"},
        Expect{"heic-under-mif1", ftyp("mif1", {"mif1", "heic", "miaf"}), "image/heic", "heic",
               "图片"},
        Expect{"heif", ftyp("mif1", {"mif1", "miaf"}), "image/heif", "heif", "图片"},
        Expect{"heif-sequence", ftyp("msf1", {"msf1", "iso8"}), "image/heif", "heif", "图片"},
        Expect{"tiff-le", "II*\x00\x08\x00\x00\x00\x10\x00"s, "image/tiff", "tif", "图片"},
        Expect{"tiff-be", "MM\x00*\x00\x00\x00\x08\x00\x10"s, "image/tiff", "tif", "图片"},
        Expect{"bmp", "BM\x36\x00\x0C\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"s,
               "image/bmp", "bmp", "图片"},
        Expect{"pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n"s, "application/pdf", "pdf",
               "PDF文档"},
        Expect{"mp3-id3v2.4", "ID3\x04\x00\x00\x00\x00\x0F\x76TIT2"s, "audio/mpeg", "mp3", "音频"},
        Expect{"mp3-id3v2.3", "ID3\x03\x00\x00\x00\x00\x00\x23TALB"s, "audio/mpeg", "mp3", "音频"},
        Expect{"mp3-frame-mpeg1", "\xFF\xFB\x90\x64\x00\x00\x00\x00"s, "audio/mpeg", "mp3", "音频"},
        Expect{"mp3-frame-mpeg2", "\xFF\xF3\x48\xC4\x00\x00\x00\x00"s, "audio/mpeg", "mp3", "音频"},
        Expect{"wav", "RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00"s, "audio/wav", "wav",
               "音频"},
        Expect{"wav-rf64", "RF64\xFF\xFF\xFF\xFFWAVEds64"s, "audio/wav", "wav", "音频"},
        Expect{"amr", "#!AMR\n\x3C\x48\xF5\x1F"s, "audio/amr", "amr", "音频"},
        Expect{"amr-wb", "#!AMR-WB\n\x44\x29\xF0"s, "audio/amr-wb", "awb", "音频"},
        Expect{"m4a", ftyp("M4A ", {"M4A ", "mp42", "isom"}), "audio/mp4", "m4a", "音频"},
        Expect{"mp4-isom", ftyp("isom", {"isom", "iso2", "avc1", "mp41"}), "video/mp4", "mp4",
               "视频"},
        Expect{"mp4-mp42", ftyp("mp42", {"mp42", "isom"}), "video/mp4", "mp4", "视频"},
        Expect{"mp4-mp41", ftyp("mp41", {"mp41"}), "video/mp4", "mp4", "视频"},
        Expect{"mp4-avc1", ftyp("avc1", {"avc1", "isom"}), "video/mp4", "mp4", "视频"},
        Expect{"mp4-unknown-major", ftyp("XYZ1", {"XYZ1", "mp42"}), "video/mp4", "mp4", "视频"},
        Expect{"mov", ftyp("qt  ", {"qt  "}), "video/quicktime", "mov", "视频"},
        Expect{"3gp4", ftyp("3gp4", {"isom", "3gp4"}), "video/3gpp", "3gp", "视频"},
        Expect{"3gp5", ftyp("3gp5", {"3gp5", "isom"}), "video/3gpp", "3gp", "视频"},
        Expect{"avi", "RIFF\x00\x10\x00\x00"s + "AVI LIST\xD4\x11\x00\x00hdrl"s, "video/x-msvideo",
               "avi", "视频"},
        Expect{"ogg-vorbis",
               "OggS\x00\x02"s + std::string(20, '\0') + "\x01\x1E\x01vorbis\x00\x00\x00\x00"s,
               "audio/ogg", "ogg", "音频"},
        Expect{"ogg-opus", "OggS\x00\x02"s + std::string(20, '\0') + "\x01\x13OpusHead\x01\x02"s,
               "audio/ogg", "opus", "音频"},
        Expect{"ogg-theora",
               "OggS\x00\x02"s + std::string(20, '\0') + "\x01\x2A\x80theora\x03\x02"s, "video/ogg",
               "ogv", "视频"},
        Expect{"flac", "fLaC\x00\x00\x00\x22\x10\x00\x10\x00"s, "audio/flac", "flac", "音频"},
        Expect{"docx", kDocx,
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
               "Word文档"},
        Expect{"xlsx", content_types() + zip_entry("xl/workbook.xml", "<workbook/>"),
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx",
               "Excel表格"},
        Expect{"pptx", content_types() + zip_entry("ppt/presentation.xml", "<p:presentation/>"),
               "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx",
               "PowerPoint演示文稿"},
        Expect{"docx-data-descriptor",
               zip_entry("[Content_Types].xml", "<Types/>", true) +
                   "\x50\x4B\x07\x08\x00\x00\x00\x00\x08\x00\x00\x00\x08\x00\x00\x00"s +
                   zip_entry("word/document.xml", "<w:document/>", true),
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx",
               "Word文档"},
        Expect{"ole2-generic", ole2(7, {}), "application/x-ole-storage", "ole", "旧版Office文档"},
        Expect{"ole2-doc", ole2(0, {"Root Entry", "1Table", "WordDocument"}), "application/msword",
               "doc", "旧版Office文档"},
        Expect{"ole2-xls", ole2(1, {"Root Entry", "Workbook"}), "application/vnd.ms-excel", "xls",
               "旧版Office文档"},
        Expect{"ole2-ppt", ole2(0, {"Root Entry", "PowerPoint Document"}),
               "application/vnd.ms-powerpoint", "ppt", "旧版Office文档"},
        Expect{"ole2-header-only", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"s,
               "application/x-ole-storage", "ole", "旧版Office文档"}),
    [](const ::testing::TestParamInfo<Expect>& info) {
      std::string name = info.param.what;
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      return name;
    });

class Rejected : public ::testing::TestWithParam<std::pair<const char*, std::string>> {};

TEST_P(Rejected, NotAccepted) {
  const auto& [what, bytes] = GetParam();
  EXPECT_EQ(detect_file_type(bytes), std::nullopt) << what;
}

INSTANTIATE_TEST_SUITE_P(
    FileType, Rejected,
    ::testing::Values(
        std::pair{"empty", ""s}, std::pair{"elf", "\177ELF\x02\x01\x01\x00"s},
        std::pair{"pe", "MZ\x90\x00\x03\x00\x00\x00\x04\x00"s},
        std::pair{"mach-o", "\xCF\xFA\xED\xFE\x07\x00\x00\x01"s},
        std::pair{"java-class", "\xCA\xFE\xBA\xBE\x00\x00\x00\x34"s},
        std::pair{"shell", "#!/bin/sh\nrm -rf /\n"s},
        std::pair{"amr-lookalike-script", "#!AMRx\necho hi\n"s},
        std::pair{"html", "<html><body>hi</body></html>"s},
        std::pair{"html-doctype", "<!DOCTYPE html>\n<html>"s},
        std::pair{"svg", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"s},
        std::pair{"text", "现场笔录：2024年3月1日"s},
        std::pair{"plain-zip", zip_entry("readme.txt", "hello") + zip_entry("data/a.bin", "x")},
        std::pair{"zip-word-only-in-data", zip_entry("notes.txt", "see word/document.xml")},
        std::pair{"empty-zip", "PK\x05\x06"s + std::string(18, '\0')},
        std::pair{"jar", zip_entry("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")},
        std::pair{"odt", zip_entry("mimetype", "application/vnd.oasis.opendocument.text")},
        std::pair{"rar", "Rar!\x1A\x07\x01\x00"s}, std::pair{"7z", "7z\xBC\xAF\x27\x1C\x00\x04"s},
        std::pair{"gzip", "\x1F\x8B\x08\x00"s},
        std::pair{"aac-adts", "\xFF\xF1\x50\x80\x02\x1F\xFC"s},
        std::pair{"mpeg-reserved-version", "\xFF\xEB\x90\x64"s},
        std::pair{"mpeg-bad-bitrate", "\xFF\xFB\xF0\x64"s},
        std::pair{"mpeg-bad-samplerate", "\xFF\xFB\x9C\x64"s},
        std::pair{"id3-bad-size", "ID3\x04\x00\x00\x80\x00\x00\x00"s},
        std::pair{"riff-unknown", "RIFF\x24\x00\x00\x00"s + "CDXAfmt "s},
        std::pair{"avif", ftyp("avif", {"avif", "mif1", "miaf"})},
        std::pair{"avif-under-mif1", ftyp("mif1", {"mif1", "avif"})},
        std::pair{"canon-cr3", ftyp("crx ", {"crx ", "isom"})},
        std::pair{"ftyp-unknown-brands", ftyp("abcd", {"efgh"})},
        std::pair{"ftyp-bad-size", be32(9) + "ftypisom\0\0\0\0"s},
        std::pair{"bmp-lookalike", "BMW owners manual, chapter 1"s},
        std::pair{"ogg-bad-version", "OggS\x01\x02"s + std::string(22, '\0')},
        std::pair{"short-jpeg", "\xFF\xD8"s}, std::pair{"short-riff", "RIFF\x00\x00"s},
        std::pair{"pdf-not-at-start", " %PDF-1.4"s}));

TEST(FileType, OoxmlPartBeyondTheWindowIsNotSeen) {
  // Only the sniff window counts, whatever a caller passes.
  std::string zip = content_types();
  zip += zip_entry("docProps/thumbnail.jpeg", std::string(kFileTypeSniffBytes, 'x'));
  zip += zip_entry("word/document.xml", "<w:document/>");
  EXPECT_EQ(detect_file_type(zip), std::nullopt);
}

TEST(FileType, OoxmlPartNamesAreCaseInsensitive) {
  auto type = detect_file_type(content_types() + zip_entry("Word/Document.xml", "<w/>"));
  ASSERT_TRUE(type);
  EXPECT_EQ(type->extension, "docx");
}

TEST(FileType, DetectionDoesNotDependOnFileName) {
  // A script stays a script whatever it is called; there is no name input.
  EXPECT_EQ(detect_file_type("#!/bin/sh\n# photo.jpg\n"), std::nullopt);
}

TEST(FileType, ZipNeedsAnOfficePartName) {
  // [Content_Types].xml alone does not make a document.
  EXPECT_EQ(detect_file_type(content_types()), std::nullopt);
}

TEST(FileType, RandomDataIsAlmostNeverAccepted) {
  // Not a proof, but the signatures should be specific enough that noise
  // seldom matches; this also exercises the parsers on garbage.
  std::mt19937 rng(20240301);
  int accepted = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string noise(64 + rng() % 1024, '\0');
    for (char& c : noise) c = static_cast<char>(rng());
    if (detect_file_type(noise)) ++accepted;
  }
  EXPECT_LE(accepted, 5);
}

}  // namespace
}  // namespace qf
