// Build-time generator of the normaliser's tables (src/scan/unicode_tables.h).
//
// Reads Debian's Unicode data (UnicodeData.txt, CaseFolding.txt, the Unihan
// readings and variants, bzip2-compressed) and OpenCC's TSCharacters dumped to
// text, and writes one C++ source with:
//   - a two-stage table code point -> entry (identity / drop / replacement,
//     plus the toneless pinyin syllable of the result),
//   - the replacement strings (UTF-8),
//   - the toneless pinyin syllables.
// Every step (NFKC-style decomposition, animal emoji -> Han, case folding,
// traditional -> simplified, numerals -> digits, noise removal) is composed here, once, so
// the normaliser does a single table look-up per code point at run time.
//
// usage: generate_unicode_tables UnicodeData.txt CaseFolding.txt
//            Unihan_Readings.txt.bz2 Unihan_Variants.txt.bz2 TSCharacters.txt OUT.cpp
#include <bzlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/utf8.h"

namespace {

using Cps = std::vector<char32_t>;
constexpr char32_t kMaxCp = 0x10FFFF;

std::string read_plain(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string read_bz2(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot read " + path);
  int err = 0;
  BZFILE* bz = BZ2_bzReadOpen(&err, f, 0, 0, nullptr, 0);
  if (err != BZ_OK) throw std::runtime_error("bzip2 open failed: " + path);
  std::string out;
  char buf[1 << 16];
  while (true) {
    int n = BZ2_bzRead(&err, bz, buf, sizeof buf);
    if (n > 0) out.append(buf, static_cast<std::size_t>(n));
    if (err == BZ_STREAM_END) break;
    if (err != BZ_OK) throw std::runtime_error("bzip2 read failed: " + path);
  }
  BZ2_bzReadClose(&err, bz);
  std::fclose(f);
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

char32_t hex_cp(const std::string& s) { return static_cast<char32_t>(std::stoul(s, nullptr, 16)); }

char32_t unihan_cp(const std::string& s) {  // "U+4E00"
  return hex_cp(s.substr(2));
}

// First code point of a UTF-8 string (the dumps are well-formed).
char32_t first_cp(const std::string& s, std::size_t* len = nullptr) {
  auto c = static_cast<unsigned char>(s[0]);
  std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t i = 1; i < n; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  if (len) *len = n;
  return cp;
}

struct CharInfo {
  std::string category = "Cn";  // unassigned unless UnicodeData says otherwise
  Cps decomposition;            // canonical or compatibility, one level
  int digit = -1;               // decimal digit value, or small integer numeric value
};

// Toneless pinyin: ā -> a, ü -> v (as typed on a keyboard), ê -> e.
std::string toneless(const std::string& syllable) {
  static const std::vector<std::pair<std::string, std::string>> kMarks = {
      {"ā", "a"}, {"á", "a"}, {"ǎ", "a"}, {"à", "a"}, {"ē", "e"}, {"é", "e"}, {"ě", "e"},
      {"è", "e"}, {"ê", "e"}, {"ế", "e"}, {"ề", "e"}, {"ī", "i"}, {"í", "i"}, {"ǐ", "i"},
      {"ì", "i"}, {"ō", "o"}, {"ó", "o"}, {"ǒ", "o"}, {"ò", "o"}, {"ū", "u"}, {"ú", "u"},
      {"ǔ", "u"}, {"ù", "u"}, {"ǖ", "v"}, {"ǘ", "v"}, {"ǚ", "v"}, {"ǜ", "v"}, {"ü", "v"},
      {"ń", "n"}, {"ň", "n"}, {"ǹ", "n"}, {"ḿ", "m"}, {"m̀", "m"}};
  std::string out;
  for (std::size_t i = 0; i < syllable.size();) {
    bool replaced = false;
    for (const auto& [from, to] : kMarks) {
      if (syllable.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (replaced) continue;
    unsigned char c = static_cast<unsigned char>(syllable[i]);
    if (c < 0x80) {
      if (c >= 'a' && c <= 'z') out += static_cast<char>(c);
      ++i;
    } else {
      ++i;  // combining marks and anything unexpected: dropped
      while (i < syllable.size() && (static_cast<unsigned char>(syllable[i]) & 0xC0) == 0x80) ++i;
    }
  }
  return out;
}

bool keeps(const std::string& cat, char32_t cp) {
  // Letters, digits and currency signs carry meaning; everything else
  // (spaces, punctuation, symbols, emoji, marks, format and control
  // characters, private use, unassigned) is noise sellers put between
  // characters to break a search.
  if (cp == U'@') return true;  // account and mail patterns
  if (cat == "Lm") return cp == 0x3005 || cp == 0x30FC || cp == 0xFF70;
  return cat[0] == 'L' || cat == "Nd" || cat == "Nl" || cat == "No" || cat == "Sc";
}

struct Tables {
  std::vector<CharInfo> info = std::vector<CharInfo>(kMaxCp + 1);
  std::unordered_map<char32_t, Cps> fold;
  std::unordered_map<char32_t, char32_t> t2s;
  std::unordered_map<char32_t, std::string> pinyin;
};

Cps step(const Tables& t, char32_t cp, int depth = 0) {
  // 1. decomposition (canonical and compatibility), recursively
  const auto& inf = t.info[cp];
  if (!inf.decomposition.empty() && depth < 8) {
    Cps out;
    for (char32_t d : inf.decomposition)
      for (char32_t x : step(t, d, depth + 1)) out.push_back(x);
    return out;
  }
  char32_t c = cp;
  // 2. animal emoji that sellers write in place of a Han character (🐘牙 for
  //    象牙, 🐯骨 for 虎骨, 电🐟机 for 电鱼机): the character, not noise. Only
  //    emoji that stand for one character of this trade; the rest stay noise.
  static const std::map<char32_t, char32_t> kEmojiHan = {
      {0x1F418, U'象'},  // 🐘 elephant
      {0x1F9B7, U'牙'},  // 🦷 tooth (🐘🦷 = 象牙)
      {0x1F42F, U'虎'},  // 🐯 tiger face
      {0x1F405, U'虎'},  // 🐅 tiger
      {0x1F406, U'豹'},  // 🐆 leopard
      {0x1F43B, U'熊'},  // 🐻 bear
      {0x1F41F, U'鱼'},  // 🐟 fish
      {0x1F420, U'鱼'},  // 🐠 tropical fish
      {0x1F98F, U'犀'},  // 🦏 rhinoceros
      {0x1F422, U'龟'},  // 🐢 turtle
      {0x1F98C, U'鹿'},  // 🦌 deer
      {0x1F40D, U'蛇'},  // 🐍 snake
      {0x1F985, U'鹰'},  // 🦅 eagle
      {0x1F412, U'猴'},  // 🐒 monkey
      {0x1F435, U'猴'},  // 🐵 monkey face
      {0x1F40A, U'鳄'},  // 🐊 crocodile
      {0x1F988, U'鲨'},  // 🦈 shark (鲨鱼翅)
      {0x1F40B, U'鲸'},  // 🐋 whale
      {0x1F433, U'鲸'},  // 🐳 spouting whale
  };
  if (auto e = kEmojiHan.find(c); e != kEmojiHan.end()) return {e->second};
  // 3. numerals: decimal digits of every script and other digit-like numbers
  if (inf.digit >= 0 && (inf.category == "Nd" || inf.category == "No" || inf.category == "Nl")) {
    Cps out;
    for (char ch : std::to_string(inf.digit)) out.push_back(static_cast<char32_t>(ch));
    return out;
  }
  // 4. Chinese digits (phone numbers are written 一三八…, 壹叁捌…, 幺 for 1),
  //    before traditional -> simplified, which would turn 幺 into 么)
  static const std::map<char32_t, char> kChineseDigits = {
      {U'零', '0'}, {U'〇', '0'}, {U'一', '1'}, {U'幺', '1'}, {U'二', '2'}, {U'三', '3'},
      {U'四', '4'}, {U'五', '5'}, {U'六', '6'}, {U'七', '7'}, {U'八', '8'}, {U'九', '9'},
      {U'壹', '1'}, {U'贰', '2'}, {U'叁', '3'}, {U'肆', '4'}, {U'伍', '5'}, {U'陆', '6'},
      {U'柒', '7'}, {U'捌', '8'}, {U'玖', '9'}};
  if (auto d = kChineseDigits.find(c); d != kChineseDigits.end())
    return {static_cast<char32_t>(d->second)};
  // 5. case folding
  if (auto f = t.fold.find(c); f != t.fold.end()) return f->second;
  // 6. traditional -> simplified
  if (auto s = t.t2s.find(c); s != t.t2s.end()) return {s->second};
  // 7. noise
  if (!keeps(inf.category, c)) return {};
  return {c};
}

// The full mapping, applied until it no longer changes, so that the
// normaliser is idempotent (normalising normalised text changes nothing).
Cps normalise(const Tables& t, char32_t cp) {
  Cps cur = {cp};
  for (int round = 0; round < 6; ++round) {
    Cps next;
    for (char32_t c : cur)
      for (char32_t x : step(t, c)) next.push_back(x);
    if (next == cur) return cur;
    cur = std::move(next);
  }
  return cur;
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc != 7) {
    std::cerr << "usage: " << argv[0]
              << " UnicodeData.txt CaseFolding.txt Unihan_Readings.txt.bz2 Unihan_Variants.txt.bz2"
                 " TSCharacters.txt OUT.cpp\n";
    return 2;
  }
  Tables t;

  // UnicodeData.txt: category, decomposition, digit values; <..., First>/<..., Last> ranges.
  {
    std::istringstream in(read_plain(argv[1]));
    std::string line;
    char32_t range_first = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      auto f = split(line, ';');
      char32_t cp = hex_cp(f[0]);
      CharInfo ci;
      ci.category = f[2];
      if (!f[5].empty()) {
        std::string d = f[5];
        if (d[0] == '<') d = d.substr(d.find('>') + 1);
        std::istringstream ds(d);
        std::string h;
        while (ds >> h) ci.decomposition.push_back(hex_cp(h));
      }
      if (!f[6].empty()) {
        ci.digit = std::stoi(f[6]);
      } else if (!f[8].empty() && f[8].find('/') == std::string::npos) {
        long v = std::stol(f[8]);
        if (v >= 0 && v <= 100) ci.digit = static_cast<int>(v);
      }
      if (f[1].find(", First>") != std::string::npos) {
        range_first = cp;
        continue;
      }
      if (f[1].find(", Last>") != std::string::npos) {
        for (char32_t c = range_first; c <= cp; ++c) t.info[c].category = ci.category;
        continue;
      }
      t.info[cp] = ci;
    }
  }
  // CaseFolding.txt: common and simple foldings (one code point to one).
  {
    std::istringstream in(read_plain(argv[2]));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto f = split(line, ';');
      std::string status = f[1].substr(1);
      if (status != "C" && status != "S") continue;
      std::istringstream ds(f[2]);
      std::string h;
      Cps to;
      while (ds >> h) to.push_back(hex_cp(h));
      t.fold[hex_cp(f[0])] = to;
    }
  }
  // OpenCC TSCharacters: "繁\t简 [alternatives]"; the first candidate is OpenCC's default.
  {
    std::istringstream in(read_plain(argv[5]));
    std::string line;
    while (std::getline(in, line)) {
      auto tab = line.find('\t');
      if (tab == std::string::npos || tab + 1 >= line.size()) continue;
      std::size_t n = 0;
      char32_t from = first_cp(line, &n);
      if (n != tab) continue;  // phrase entries are not character mappings
      char32_t to = first_cp(line.substr(tab + 1));
      if (from != to) t.t2s[from] = to;
    }
  }
  // Unihan kSimplifiedVariant: only where OpenCC has no entry (rare characters).
  {
    std::istringstream in(read_bz2(argv[4]));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto f = split(line, '\t');
      if (f.size() < 3 || f[1] != "kSimplifiedVariant") continue;
      char32_t from = unihan_cp(f[0]);
      char32_t to = unihan_cp(split(f[2], ' ')[0]);
      if (from != to && !t.t2s.count(from)) t.t2s[from] = to;
    }
  }
  // Unihan kMandarin: the first (most common, mainland) reading.
  std::set<std::string> syllables;
  {
    std::istringstream in(read_bz2(argv[3]));
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      auto f = split(line, '\t');
      if (f.size() < 3 || f[1] != "kMandarin") continue;
      std::string p = toneless(split(f[2], ' ')[0]);
      if (p.empty()) continue;
      t.pinyin[unihan_cp(f[0])] = p;
      syllables.insert(p);
    }
  }
  std::vector<std::string> syllable_list(syllables.begin(), syllables.end());
  std::map<std::string, unsigned> syllable_id;
  for (std::size_t i = 0; i < syllable_list.size(); ++i)
    syllable_id[syllable_list[i]] = static_cast<unsigned>(i + 1);
  if (syllable_list.size() >= 1023)
    throw std::runtime_error("too many pinyin syllables for 10 bits");

  auto pinyin_of = [&](char32_t c) -> unsigned {
    auto p = t.pinyin.find(c);
    return p == t.pinyin.end() ? 0 : syllable_id[p->second];
  };

  // Entries: bits 0-1 kind (0 identity, 1 drop, 2 replace), bits 2-11 pinyin
  // id of the (single-character) result, bits 12-31 replacement index.
  std::vector<std::uint32_t> entries(kMaxCp + 1, 0);
  std::string pool;
  std::vector<std::uint32_t> repl_offset;
  std::vector<std::uint8_t> repl_length;
  std::map<std::string, std::uint32_t> repl_index;
  for (char32_t cp = 0; cp <= kMaxCp; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      entries[cp] = 1;
      continue;
    }
    Cps out = normalise(t, cp);
    std::uint32_t e;
    if (out.size() == 1 && out[0] == cp) {
      e = 0 | (pinyin_of(cp) << 2);
    } else if (out.empty()) {
      e = 1;
    } else {
      std::string utf8;
      for (char32_t c : out) qf::append_utf8(utf8, c);
      if (utf8.size() > 255) throw std::runtime_error("replacement too long");
      auto [it, inserted] =
          repl_index.emplace(utf8, static_cast<std::uint32_t>(repl_offset.size()));
      if (inserted) {
        repl_offset.push_back(static_cast<std::uint32_t>(pool.size()));
        repl_length.push_back(static_cast<std::uint8_t>(utf8.size()));
        pool += utf8;
      }
      unsigned py = out.size() == 1 ? pinyin_of(out[0]) : 0;
      // A Chinese numeral keeps its reading in the pinyin stream (三 -> "3"
      // is still "san", so 穿三甲 meets 穿山甲).
      if (py == 0 && out.size() == 1 && out[0] < 0x80) py = pinyin_of(cp);
      e = 2 | (py << 2) | (it->second << 12);
    }
    entries[cp] = e;
  }
  if (repl_offset.size() >= (1u << 20)) throw std::runtime_error("too many replacements");

  // Two-stage table with identical 256-entry blocks shared.
  std::vector<std::uint16_t> stage1;
  std::vector<std::vector<std::uint32_t>> blocks;
  std::map<std::vector<std::uint32_t>, std::uint16_t> block_index;
  for (char32_t base = 0; base <= kMaxCp; base += 256) {
    std::vector<std::uint32_t> b(entries.begin() + base, entries.begin() + base + 256);
    auto [it, inserted] = block_index.emplace(b, static_cast<std::uint16_t>(blocks.size()));
    if (inserted) blocks.push_back(b);
    stage1.push_back(it->second);
  }

  std::ostringstream o;
  o << "// Generated by src/scan/tools/generate_unicode_tables.cpp from UnicodeData.txt,\n"
       "// CaseFolding.txt, Unihan (readings, variants) and OpenCC TSCharacters. Do not edit.\n"
       "#include \"scan/unicode_tables.h\"\n\nnamespace qf::scan::tables {\n\n";
  o << "const std::uint16_t kStage1[" << stage1.size() << "] = {";
  for (std::size_t i = 0; i < stage1.size(); ++i) o << (i % 32 ? "" : "\n") << stage1[i] << ",";
  o << "};\n\nconst std::uint32_t kStage2[" << blocks.size() * 256 << "] = {";
  std::size_t n = 0;
  for (const auto& b : blocks)
    for (auto v : b) o << (n++ % 16 ? "" : "\n") << v << "u,";
  o << "};\n\nconst std::uint32_t kReplacementOffset[" << repl_offset.size() << "] = {";
  for (std::size_t i = 0; i < repl_offset.size(); ++i)
    o << (i % 16 ? "" : "\n") << repl_offset[i] << "u,";
  o << "};\n\nconst std::uint8_t kReplacementLength[" << repl_length.size() << "] = {";
  for (std::size_t i = 0; i < repl_length.size(); ++i)
    o << (i % 32 ? "" : "\n") << int(repl_length[i]) << ",";
  o << "};\n\nconst char kReplacementPool[] = {";
  for (std::size_t i = 0; i < pool.size(); ++i)
    o << (i % 24 ? "" : "\n") << int(static_cast<signed char>(pool[i])) << ",";
  o << "0};\n\nconst char* const kPinyinSyllables[" << syllable_list.size() + 1 << "] = {\"\",";
  for (std::size_t i = 0; i < syllable_list.size(); ++i)
    o << (i % 12 ? "" : "\n") << '"' << syllable_list[i] << "\",";
  o << "};\n\nconst std::uint8_t kPinyinSyllableLength[" << syllable_list.size() + 1 << "] = {0,";
  for (std::size_t i = 0; i < syllable_list.size(); ++i)
    o << (i % 32 ? "" : "\n") << syllable_list[i].size() << ",";
  o << "};\nconst std::size_t kPinyinSyllableCount = " << syllable_list.size() + 1 << ";\n";
  o << "const std::size_t kStage2Blocks = " << blocks.size() << ";\n";
  o << "const std::size_t kReplacementCount = " << repl_offset.size() << ";\n";
  o << "\n}  // namespace qf::scan::tables\n";

  std::string out_path = argv[6];
  std::ofstream out(out_path + ".tmp", std::ios::binary);
  out << o.str();
  out.close();
  if (!out) throw std::runtime_error("cannot write " + out_path);
  if (std::rename((out_path + ".tmp").c_str(), out_path.c_str()) != 0)
    throw std::runtime_error("cannot rename to " + out_path);
  std::cerr << "unicode tables: " << blocks.size() << " blocks, " << repl_offset.size()
            << " replacements (" << pool.size() << " bytes), " << syllable_list.size()
            << " pinyin syllables, " << t.t2s.size() << " t2s mappings\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "generate_unicode_tables: " << e.what() << "\n";
  return 1;
}
