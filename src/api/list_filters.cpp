#include "api/list_filters.h"

#include <charconv>

#include "core/utf8.h"

namespace qf::api {
namespace {

// A text parameter, if present and not empty.
Status text_param(const http::Request& req, std::string_view name,
                  std::optional<std::string>& out) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return {};
  if (!is_valid_utf8(*v)) return fail(ErrorCode::kMalformedRequest, "查询参数包含无效的 UTF-8 字符");
  out = std::string(*v);
  return {};
}

// true/1, false/0 or absent.
Result<std::optional<bool>> bool_param(const http::Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<bool>();
  if (*v == "true" || *v == "1") return std::optional<bool>(true);
  if (*v == "false" || *v == "0") return std::optional<bool>(false);
  return invalid(std::string(name), "应为 true 或 false");
}

Result<std::optional<std::int64_t>> time_param(const http::Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<std::int64_t>();
  std::int64_t ms = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), ms);
  if (ec != std::errc() || end != v->data() + v->size() || ms < 0)
    return invalid(std::string(name), "应为毫秒时间戳（自 1970-01-01 UTC）");
  return std::optional<std::int64_t>(ms);
}

// The parameters both lists share.
template <class Filters>
Status common(const http::Request& req, Filters& f) {
  auto mine = bool_param(req, "mine");
  if (!mine) return tl::unexpected(mine.error());
  f.mine = mine->value_or(false);
  auto from = time_param(req, "created_from");
  if (!from) return tl::unexpected(from.error());
  auto to = time_param(req, "created_to");
  if (!to) return tl::unexpected(to.error());
  f.created_from = *from;
  f.created_to = *to;
  std::optional<std::string> sort;
  if (auto ok = text_param(req, "sort", sort); !ok) return ok;
  f.sort = sort.value_or("");
  return {};
}

}  // namespace

Result<service::TipQueryParams> tip_list_filters(const http::Request& req) {
  service::TipQueryParams q;
  for (auto [name, slot] :
       {std::pair{"state", &q.state}, std::pair{"channel", &q.channel},
        std::pair{"department", &q.assigned_department_code}, std::pair{"q", &q.search}})
    if (auto ok = text_param(req, name, *slot); !ok) return tl::unexpected(ok.error());
  auto overdue = bool_param(req, "overdue");
  if (!overdue) return tl::unexpected(overdue.error());
  q.overdue_only = overdue->value_or(false);
  if (auto ok = common(req, q); !ok) return tl::unexpected(ok.error());
  return q;
}

Result<service::CaseListFilters> case_list_filters(const http::Request& req) {
  service::CaseListFilters f;
  for (auto [name, slot] :
       {std::pair{"state", &f.state}, std::pair{"offence_type", &f.offence_type},
        std::pair{"owner_department", &f.owner_department}, std::pair{"q", &f.text}})
    if (auto ok = text_param(req, name, *slot); !ok) return tl::unexpected(ok.error());
  for (auto [name, slot] : {std::pair{"priority", &f.priority}, std::pair{"major", &f.major},
                            std::pair{"overdue", &f.overdue}}) {
    auto v = bool_param(req, name);
    if (!v) return tl::unexpected(v.error());
    *slot = *v;
  }
  if (auto ok = common(req, f); !ok) return tl::unexpected(ok.error());
  return f;
}

}  // namespace qf::api
