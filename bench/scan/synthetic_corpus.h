// A deterministic corpus of synthetic online listings for the scanner
// benchmark: second-hand and shop listings of realistic length (about 20 to
// 400 characters), mostly ordinary goods, with a few percent that mention
// lexicon terms, plus the noise real listings carry (emoji, full-width
// punctuation, spaced-out characters, Latin, digits). Same seed, same corpus.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace qf::scan::bench {

// Listings totalling at least `bytes` bytes of UTF-8.
std::vector<std::string> synthetic_listings(std::size_t bytes, std::uint32_t seed = 20260401);

}  // namespace qf::scan::bench
