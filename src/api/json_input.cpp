#include "api/json_input.h"

#include <algorithm>
#include <cmath>

namespace qf::api {

Result<nlohmann::json> parse_json_body(std::string_view body, std::string_view content_type) {
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media != "application/json")
    return fail(ErrorCode::kUnsupportedMedia, "请求体应为 JSON（Content-Type: application/json）");
  if (!is_valid_utf8(body)) {
    return fail(ErrorCode::kMalformedRequest, "请求体包含无效的 UTF-8 字符");
  }
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return fail(ErrorCode::kMalformedRequest, "请求体不是有效的 JSON");
  if (!j.is_object()) return fail(ErrorCode::kMalformedRequest, "请求体应为 JSON 对象");
  return j;
}

const nlohmann::json* ObjectReader::field(const std::string& name, bool required) {
  known_.insert(name);
  auto it = object_.find(name);
  if (it == object_.end() || it->is_null()) {
    if (required) error(name, "必填");
    return nullptr;
  }
  return &*it;
}

void ObjectReader::error(const std::string& field, std::string message) {
  errors_.push_back(FieldError{prefix_ + field, std::move(message)});
}

std::optional<double> ObjectReader::number(const std::string& name, bool required, double min,
                                           double max) {
  const auto* v = field(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    error(name, "应为数字");
    return std::nullopt;
  }
  double d = v->get<double>();
  if (!(d >= min && d <= max)) {
    error(name, "超出范围");
    return std::nullopt;
  }
  return d;
}

std::optional<std::int64_t> ObjectReader::money(const std::string& name, bool required) {
  const auto* v = field(name, required);
  if (!v) return std::nullopt;
  std::string text;
  if (v->is_string()) {
    text = v->get<std::string>();
  } else if (v->is_number_integer() || v->is_number_unsigned()) {
    text = std::to_string(v->get<std::int64_t>());
  } else if (v->is_number_float()) {
    const double d = v->get<double>();
    const double fen = std::round(d * 100);
    if (!(d >= 0) || d > 1e12 || std::fabs(d * 100 - fen) > 1e-6) {
      error(name, "金额应为非负数，最多两位小数（元）");
      return std::nullopt;
    }
    return static_cast<std::int64_t>(fen);
  } else {
    error(name, "金额应为数字或字符串（元）");
    return std::nullopt;
  }
  // "12345", "12345.6", "12345.67": no sign, at most two decimals.
  const auto dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string frac = dot == std::string::npos ? "" : text.substr(dot + 1);
  auto digits = [](const std::string& t) {
    return std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 12 || !digits(whole) || frac.size() > 2 || !digits(frac) ||
      (dot != std::string::npos && frac.empty())) {
    error(name, "金额应为非负数，最多两位小数（元），如 \"19999.99\"");
    return std::nullopt;
  }
  std::int64_t fen = std::stoll(whole) * 100;
  if (!frac.empty()) fen += std::stoll(frac) * (frac.size() == 1 ? 10 : 1);
  return fen;
}

std::optional<std::vector<const nlohmann::json*>> ObjectReader::objects(const std::string& name,
                                                                        bool required,
                                                                        std::size_t max_items) {
  const auto* v = field(name, required);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->size() > max_items) {
    error(name, "应为对象数组（最多 " + std::to_string(max_items) + " 项）");
    return std::nullopt;
  }
  std::vector<const nlohmann::json*> out;
  for (std::size_t i = 0; i < v->size(); ++i) {
    if (!(*v)[i].is_object()) {
      error(name + "/" + std::to_string(i), "应为对象");
      return std::nullopt;
    }
    out.push_back(&(*v)[i]);
  }
  return out;
}

void ObjectReader::absorb(const Status& nested) {
  if (!nested)
    for (const auto& f : nested.error().fields) errors_.push_back(f);
}

std::optional<std::string> ObjectReader::string(const std::string& name, bool required,
                                                std::size_t max_bytes) {
  const auto* v = field(name, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    error(name, "应为字符串");
    return std::nullopt;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    error(name, "过长（最多 " + std::to_string(max_bytes) + " 字节）");
    return std::nullopt;
  }
  if (s.find('\0') != std::string::npos) {
    error(name, "不能包含空字符");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> ObjectReader::boolean(const std::string& name, bool required) {
  const auto* v = field(name, required);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    error(name, "应为 true 或 false");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::int64_t> ObjectReader::integer(const std::string& name, bool required,
                                                  std::int64_t min, std::int64_t max) {
  const auto* v = field(name, required);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    error(name, "应为整数");
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    error(name, "超出范围");
    return std::nullopt;
  }
  std::int64_t n = v->get<std::int64_t>();
  if (n < min || n > max) {
    error(name, "超出范围");
    return std::nullopt;
  }
  return n;
}

std::optional<std::vector<std::string>> ObjectReader::strings(const std::string& name,
                                                              bool required,
                                                              std::size_t max_items) {
  const auto* v = field(name, required);
  if (!v) return std::nullopt;
  if (!v->is_array() || v->size() > max_items) {
    error(name, "应为字符串数组（最多 " + std::to_string(max_items) + " 项）");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *v) {
    if (!item.is_string() || item.get_ref<const std::string&>().size() > 1000) {
      error(name, "应为字符串数组");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Status ObjectReader::finish() {
  for (const auto& [key, value] : object_.items())
    if (!known_.count(key)) error(key, "未知字段");
  if (errors_.empty()) return {};
  return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors_, 0});
}

std::optional<std::vector<std::int64_t>> take_id_array(nlohmann::json& body,
                                                       const std::string& name,
                                                       std::vector<FieldError>& errors) {
  auto it = body.find(name);
  if (it == body.end()) return std::nullopt;
  std::vector<std::int64_t> out;
  if (!it->is_array() || it->size() > 50) {
    errors.push_back({name, "应为整数数组（最多 50 项）"});
  } else {
    for (std::size_t i = 0; i < it->size(); ++i) {
      const auto& v = (*it)[i];
      if (!v.is_number_integer() || v.get<long long>() <= 0)
        errors.push_back({name + "/" + std::to_string(i), "应为正整数"});
      else
        out.push_back(v.get<std::int64_t>());
    }
  }
  body.erase(it);
  return out;
}

}  // namespace qf::api
