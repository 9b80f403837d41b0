// The vocabulary of the legal engine (src/law): money in fen, exact ratios,
// protection classes, habitats, behaviours and the parts of an animal.
//
// Money is an integer number of fen (分) so that sums compare exactly with
// the thresholds of 法释〔2022〕12号 ("二万元以上" must hold at exactly
// 20,000.00 元 and fail at 19,999.99 元); multipliers are exact ratios (1/1000
// for amphibian eggs) for the same reason. No I/O here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace qf::law {

// ---- money --------------------------------------------------------------

using Fen = std::int64_t;

constexpr Fen yuan(std::int64_t whole_yuan) { return whole_yuan * 100; }

// "1234", "1234.5", "1234.56" (yuan, no sign, at most two decimals) → fen.
// Anything else is kInvalidInput on `field`.
Result<Fen> parse_yuan(std::string_view text, std::string_view field);
// 123456 → "1234.56" (always two decimals, no thousands separator).
std::string format_yuan(Fen fen);

// ---- weights (非法捕捞: 五百公斤 / 五十公斤) -------------------------------

using Grams = std::int64_t;

constexpr Grams kilograms(std::int64_t kg) { return kg * 1000; }

// "500", "12.5", "0.125" (kilograms, at most three decimals) → grams.
Result<Grams> parse_kilograms(std::string_view text, std::string_view field);
std::string format_kilograms(Grams grams);  // 12500 → "12.5"

// ---- exact ratios -------------------------------------------------------

// num/den with den > 0 and num >= 0.
struct Ratio {
  std::int64_t num = 1;
  std::int64_t den = 1;
};

// "10", "1/1000", "0.25", "50%" → the ratio; kInvalidInput on `field` otherwise.
Result<Ratio> parse_ratio(std::string_view text, std::string_view field);
// 10/1 → "10", 1/1000 → "1/1000", 25/100 → "1/4".
std::string format_ratio(Ratio r);
// amount × r, rounded half up to the fen (amounts are never negative).
Fen apply_ratio(Fen amount, Ratio r);
// a <= b, exactly.
bool ratio_at_most(Ratio a, Ratio b);
bool ratio_positive(Ratio r);

// ---- protection class ---------------------------------------------------

// The class a species falls in for valuation and for the offences. A CITES
// species that the State Council wildlife department has approved (核准) to
// be managed as a national key species is passed as national_1/national_2
// (法释〔2022〕12号 第四条第（二）项); cites_1/cites_2 are the others.
enum class ProtectionClass {
  kNational1,   // national_1: 国家一级保护
  kNational2,   // national_2: 国家二级保护
  kSanyou,      // sanyou: 有重要生态、科学、社会价值的陆生野生动物（三有）
  kProvincial,  // provincial: 地方重点保护
  kCites1,      // cites_1: CITES 附录一，未核准按国家重点保护管理
  kCites2,      // cites_2: CITES 附录二，未核准按国家重点保护管理
  kNone,        // none: 其他野生动物
};

// "national_1|national_2|sanyou|provincial|cites_1|cites_2|none", for help
// texts and error messages.
inline constexpr std::string_view kProtectionClassCodes =
    "national_1|national_2|sanyou|provincial|cites_1|cites_2|none";
std::optional<ProtectionClass> parse_protection_class(std::string_view code);
std::string_view protection_class_code(ProtectionClass c);
std::string_view protection_class_label(ProtectionClass c);
bool is_national_key(ProtectionClass c);
bool is_cites_unapproved(ProtectionClass c);
// 三有 or 地方重点: the group of 法释〔2022〕12号 第八条第一款第（一）项.
bool is_sanyou_or_provincial(ProtectionClass c);

// ---- habitat (林草 / 农业农村, 野生动物保护法第七条) ----------------------

enum class Habitat { kTerrestrial, kAquatic };

std::optional<Habitat> parse_habitat(std::string_view code);  // terrestrial | aquatic
std::string_view habitat_code(Habitat h);
std::string_view habitat_label(Habitat h);

// ---- behaviour ----------------------------------------------------------

enum class Behaviour {
  kHunting,    // hunting: 猎捕
  kKilling,    // killing: 杀害
  kPurchase,   // purchase: 收购/购买
  kTransport,  // transport: 运输、携带、寄递
  kSale,       // sale: 出售（含以营利为目的的加工利用，法释第五条）
  kEating,     // eating: 食用
  kFishing,    // fishing: 捕捞
  kSmuggling,  // smuggling: 走私/非法进出口
  kBreeding,   // breeding: 人工繁育
};

std::optional<Behaviour> parse_behaviour(std::string_view code);
std::string_view behaviour_code(Behaviour b);
std::string_view behaviour_label(Behaviour b);
const std::vector<Behaviour>& all_behaviours();

// ---- item facts ---------------------------------------------------------

enum class Part { kWhole, kProduct, kEgg };
std::optional<Part> parse_part(std::string_view code);  // whole | product | egg
std::string_view part_code(Part p);
std::string_view part_label(Part p);

// The class of animal an egg belongs to (the terrestrial method values eggs
// by class).
enum class EggClass { kAmphibian, kReptile, kBird };
std::optional<EggClass> parse_egg_class(std::string_view code);  // amphibian | reptile | bird
std::string_view egg_class_code(EggClass e);
std::string_view egg_class_label(EggClass e);

enum class Origin { kWild, kCaptive };
std::optional<Origin> parse_origin(std::string_view code);  // wild | captive
std::string_view origin_code(Origin o);
std::string_view origin_label(Origin o);

}  // namespace qf::law
