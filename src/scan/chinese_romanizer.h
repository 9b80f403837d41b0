// Toneless pinyin of a short Chinese text (a species name, a search term),
// from the same generated Unihan tables the listing normaliser uses:
// "大熊猫" → "da xiong mao", "麋鹿" → "mi lu". Traditional characters read
// as their simplified form; characters without a Mandarin reading (Latin
// letters, punctuation) are left out, and invalid UTF-8 bytes are skipped.
// Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace qf::scan {

std::string romanize_chinese(std::string_view utf8);

}  // namespace qf::scan
