#include "law/law_types.h"

#include <numeric>

namespace qf::law {
namespace {

// Up to 15 integer digits keeps every amount far below INT64_MAX even after
// the largest multiplier (×20 fines of 法 第四十八条, ×10 levels) in fen.
constexpr std::size_t kMaxIntegerDigits = 15;

// A non-negative decimal with at most `decimals` fraction digits, scaled by
// 10^decimals. nullopt for anything else (sign, exponent, junk, too long).
std::optional<std::int64_t> parse_scaled_decimal(std::string_view text, int decimals) {
  if (text.empty()) return std::nullopt;
  std::int64_t whole = 0, fraction = 0;
  std::size_t i = 0, int_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits) {
    if (int_digits >= kMaxIntegerDigits) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
  }
  if (int_digits == 0) return std::nullopt;
  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (++frac_digits > decimals) return std::nullopt;
      fraction = fraction * 10 + (text[i] - '0');
    }
    if (frac_digits == 0) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;
  for (int d = frac_digits; d < decimals; ++d) fraction *= 10;
  std::int64_t scale = 1;
  for (int d = 0; d < decimals; ++d) scale *= 10;
  return whole * scale + fraction;
}

std::string format_scaled(std::int64_t value, int decimals, bool trim) {
  std::int64_t scale = 1;
  for (int d = 0; d < decimals; ++d) scale *= 10;
  std::string out = std::to_string(value / scale);
  std::string frac = std::to_string(value % scale);
  frac.insert(0, static_cast<std::size_t>(decimals) - frac.size(), '0');
  if (trim)
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  if (!frac.empty()) out += "." + frac;
  return out;
}

Ratio reduced(Ratio r) {
  std::int64_t g = std::gcd(r.num, r.den);
  if (g > 1) {
    r.num /= g;
    r.den /= g;
  }
  return r;
}

template <class E>
struct Named {
  E value;
  std::string_view code;
  std::string_view label;
};

template <class E, std::size_t N>
std::optional<E> find_code(const Named<E> (&table)[N], std::string_view code) {
  for (const auto& n : table)
    if (n.code == code) return n.value;
  return std::nullopt;
}

template <class E, std::size_t N>
const Named<E>& find_value(const Named<E> (&table)[N], E value) {
  for (const auto& n : table)
    if (n.value == value) return n;
  return table[0];  // unreachable: every enumerator is in its table
}

constexpr Named<ProtectionClass> kClasses[] = {
    {ProtectionClass::kNational1, "national_1", "国家一级保护野生动物"},
    {ProtectionClass::kNational2, "national_2", "国家二级保护野生动物"},
    {ProtectionClass::kSanyou, "sanyou", "有重要生态、科学、社会价值的陆生野生动物（三有）"},
    {ProtectionClass::kProvincial, "provincial", "地方重点保护野生动物"},
    {ProtectionClass::kCites1, "cites_1", "CITES附录一物种（未核准按国家重点保护管理）"},
    {ProtectionClass::kCites2, "cites_2", "CITES附录二物种（未核准按国家重点保护管理）"},
    {ProtectionClass::kNone, "none", "其他野生动物"},
};

constexpr Named<Habitat> kHabitats[] = {
    {Habitat::kTerrestrial, "terrestrial", "陆生"},
    {Habitat::kAquatic, "aquatic", "水生"},
};

constexpr Named<Behaviour> kBehaviours[] = {
    {Behaviour::kHunting, "hunting", "猎捕"},
    {Behaviour::kKilling, "killing", "杀害"},
    {Behaviour::kPurchase, "purchase", "收购"},
    {Behaviour::kTransport, "transport", "运输"},
    {Behaviour::kSale, "sale", "出售"},
    {Behaviour::kEating, "eating", "食用"},
    {Behaviour::kFishing, "fishing", "捕捞"},
    {Behaviour::kSmuggling, "smuggling", "走私"},
    {Behaviour::kBreeding, "breeding", "人工繁育"},
};

constexpr Named<Part> kParts[] = {
    {Part::kWhole, "whole", "整体"},
    {Part::kProduct, "product", "制品（部分及其衍生物）"},
    {Part::kEgg, "egg", "卵、蛋"},
};

constexpr Named<EggClass> kEggClasses[] = {
    {EggClass::kAmphibian, "amphibian", "两栖类"},
    {EggClass::kReptile, "reptile", "爬行类"},
    {EggClass::kBird, "bird", "鸟类"},
};

constexpr Named<Origin> kOrigins[] = {
    {Origin::kWild, "wild", "野外"},
    {Origin::kCaptive, "captive", "人工繁育"},
};

}  // namespace

Result<Fen> parse_yuan(std::string_view text, std::string_view field) {
  auto v = parse_scaled_decimal(text, 2);
  if (!v)
    return invalid(std::string(field), "金额格式不正确（元，最多两位小数）: " + std::string(text));
  return *v;
}

std::string format_yuan(Fen fen) {
  std::string out = format_scaled(fen < 0 ? -fen : fen, 2, false);
  if (fen < 0) out.insert(out.begin(), '-');
  return out;
}

Result<Grams> parse_kilograms(std::string_view text, std::string_view field) {
  auto v = parse_scaled_decimal(text, 3);
  if (!v)
    return invalid(std::string(field),
                   "重量格式不正确（千克，最多三位小数）: " + std::string(text));
  return *v;
}

std::string format_kilograms(Grams grams) { return format_scaled(grams, 3, true); }

Result<Ratio> parse_ratio(std::string_view text, std::string_view field) {
  auto bad = [&] {
    return invalid(std::string(field),
                   "系数格式不正确（如 10、1/1000、0.25、50%）: " + std::string(text));
  };
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    auto num = parse_scaled_decimal(text.substr(0, slash), 0);
    auto den = parse_scaled_decimal(text.substr(slash + 1), 0);
    if (!num || !den || *den == 0) return bad();
    return reduced({*num, *den});
  }
  if (!text.empty() && text.back() == '%') {
    auto v = parse_scaled_decimal(text.substr(0, text.size() - 1), 4);
    if (!v) return bad();
    return reduced({*v, 1000000});
  }
  auto v = parse_scaled_decimal(text, 6);
  if (!v) return bad();
  return reduced({*v, 1000000});
}

std::string format_ratio(Ratio r) {
  r = reduced(r);
  if (r.den == 1) return std::to_string(r.num);
  return std::to_string(r.num) + "/" + std::to_string(r.den);
}

Fen apply_ratio(Fen amount, Ratio r) {
  // 128-bit intermediate: amount × num may exceed 64 bits before dividing.
  __int128 product = static_cast<__int128>(amount) * r.num;
  __int128 rounded = (product + r.den / 2) / r.den;
  return static_cast<Fen>(rounded);
}

bool ratio_at_most(Ratio a, Ratio b) {
  return static_cast<__int128>(a.num) * b.den <= static_cast<__int128>(b.num) * a.den;
}

bool ratio_positive(Ratio r) { return r.num > 0 && r.den > 0; }

std::optional<ProtectionClass> parse_protection_class(std::string_view code) {
  return find_code(kClasses, code);
}
std::string_view protection_class_code(ProtectionClass c) { return find_value(kClasses, c).code; }
std::string_view protection_class_label(ProtectionClass c) { return find_value(kClasses, c).label; }

bool is_national_key(ProtectionClass c) {
  return c == ProtectionClass::kNational1 || c == ProtectionClass::kNational2;
}
bool is_cites_unapproved(ProtectionClass c) {
  return c == ProtectionClass::kCites1 || c == ProtectionClass::kCites2;
}
bool is_sanyou_or_provincial(ProtectionClass c) {
  return c == ProtectionClass::kSanyou || c == ProtectionClass::kProvincial;
}

std::optional<Habitat> parse_habitat(std::string_view code) { return find_code(kHabitats, code); }
std::string_view habitat_code(Habitat h) { return find_value(kHabitats, h).code; }
std::string_view habitat_label(Habitat h) { return find_value(kHabitats, h).label; }

std::optional<Behaviour> parse_behaviour(std::string_view code) {
  return find_code(kBehaviours, code);
}
std::string_view behaviour_code(Behaviour b) { return find_value(kBehaviours, b).code; }
std::string_view behaviour_label(Behaviour b) { return find_value(kBehaviours, b).label; }
const std::vector<Behaviour>& all_behaviours() {
  static const std::vector<Behaviour> v = [] {
    std::vector<Behaviour> out;
    for (const auto& b : kBehaviours) out.push_back(b.value);
    return out;
  }();
  return v;
}

std::optional<Part> parse_part(std::string_view code) { return find_code(kParts, code); }
std::string_view part_code(Part p) { return find_value(kParts, p).code; }
std::string_view part_label(Part p) { return find_value(kParts, p).label; }

std::optional<EggClass> parse_egg_class(std::string_view code) {
  return find_code(kEggClasses, code);
}
std::string_view egg_class_code(EggClass e) { return find_value(kEggClasses, e).code; }
std::string_view egg_class_label(EggClass e) { return find_value(kEggClasses, e).label; }

std::optional<Origin> parse_origin(std::string_view code) { return find_code(kOrigins, code); }
std::string_view origin_code(Origin o) { return find_value(kOrigins, o).code; }
std::string_view origin_label(Origin o) { return find_value(kOrigins, o).label; }

}  // namespace qf::law
