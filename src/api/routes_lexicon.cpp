// The scanner's lexicon, edited with versions (service/lexicon_service.h):
//   GET  /api/v1/lexicon                    the revision in force, with its files (ETag "v<n>")
//   PUT  /api/v1/lexicon                    save a new revision (If-Match: the revision edited)
//   POST /api/v1/lexicon:check              parse and compile files without saving
//   POST /api/v1/lexicon:trial              scan a title and text with a revision or the files
//   GET  /api/v1/lexicon/revisions          saved revisions, newest first
//   GET  /api/v1/lexicon/revisions/{number} one revision with its files (0: built-in)
#include <charconv>

#include "api/handler_support.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "service/lexicon_service.h"

namespace qf::api {
namespace {

using json = nlohmann::json;

// Whole lexicon files travel in the body: all files together up to 2 MB,
// plus JSON escaping.
constexpr std::size_t kLexiconBodyLimit = 6u << 20;

// A revision number: 0 (the built-in set) or more.
std::optional<std::int64_t> revision_number(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty() || v < 0) return std::nullopt;
  return v;
}

std::vector<store::LexiconFileText> read_files(ObjectReader& in, bool required) {
  std::vector<store::LexiconFileText> files;
  if (auto list = in.objects("files", required, service::kMaxLexiconFiles)) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      ObjectReader f(*(*list)[i], "files/" + std::to_string(i) + "/");
      store::LexiconFileText file;
      file.name = f.string("name", true, 200).value_or("");
      file.content = f.string("content", true, service::kMaxLexiconBytes).value_or("");
      files.push_back(std::move(file));
      in.absorb(f.finish());
    }
  }
  return files;
}

http::Response state_response(int status, const service::LexiconState& st, bool with_files) {
  json j = service::to_json(st);
  if (!with_files) j.erase("files");
  auto r = json_response(status, j);
  if (with_files) r.set_header("ETag", "\"v" + std::to_string(st.revision.number) + "\"");
  return r;
}

}  // namespace

void register_lexicon_routes(http::Router& router, ApiDeps deps) {
  router.add("GET", "/api/v1/lexicon",
             authed(deps,
                    [deps](http::Request& req, const service::CallContext& call) {
                      QF_TRY_RESPONSE(st, service::LexiconService(deps.ctx).current(call), req);
                      return state_response(200, st, true);
                    }),
             {.summary = "网上巡查词库（当前生效版本及全部文件）"});

  router.add("PUT", "/api/v1/lexicon",
             authed(deps,
                    [deps](http::Request& req, const service::CallContext& call) {
                      // Revision 0 is the built-in set.
                      QF_TRY_RESPONSE(base, if_match_version(req, 0), req);
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::LexiconEdit e;
                      e.files = read_files(in, true);
                      e.note = in.string("note", true, service::kMaxLexiconNoteBytes).value_or("");
                      e.restored_from = in.integer("restored_from", false, 1).value_or(0);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      e.base_revision = base;
                      QF_TRY_RESPONSE(st, service::LexiconService(deps.ctx).save(call, e), req);
                      return state_response(200, st, true);
                    }),
             {.body_limit = kLexiconBodyLimit,
              .summary = "保存词库新版本（If-Match 为所编辑的版本；须说明修改原因）"});

  router.add("POST", "/api/v1/lexicon:check",
             authed(deps,
                    [deps](http::Request& req, const service::CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::LexiconEdit e;
                      e.files = read_files(in, true);
                      e.dry_run = true;
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      QF_TRY_RESPONSE(st, service::LexiconService(deps.ctx).save(call, e), req);
                      return state_response(200, st, false);
                    }),
             {.body_limit = kLexiconBodyLimit, .summary = "检查词库文件（解析并编译，不保存）"});

  router.add("POST", "/api/v1/lexicon:trial",
             authed(deps,
                    [deps](http::Request& req, const service::CallContext& call) {
                      QF_TRY_RESPONSE(body, json_body(req), req);
                      ObjectReader in(body);
                      service::LexiconTrial t;
                      t.title = in.string("title", false, 64 * 1024).value_or("");
                      t.text = in.string("text", true, 64 * 1024).value_or("");
                      if (auto n = in.integer("revision", false, 0)) t.revision = *n;
                      if (body.contains("files")) t.files = read_files(in, false);
                      if (auto ok = in.finish(); !ok) return error_response(req, ok.error());
                      if (t.revision && t.files)
                        return error_response(
                            req, invalid("files", "revision 与 files 只能二选一").value());
                      QF_TRY_RESPONSE(out, service::LexiconService(deps.ctx).trial(call, t), req);
                      return json_response(200, out);
                    }),
             {.body_limit = kLexiconBodyLimit,
              .summary = "词库试扫描（用某一版本或正在编辑的文件扫描一段文字）"});

  router.add("GET", "/api/v1/lexicon/revisions",
             authed(deps,
                    [deps](http::Request& req, const service::CallContext& call) {
                      QF_TRY_RESPONSE(p, paging(req), req);
                      QF_TRY_RESPONSE(
                          page,
                          service::LexiconService(deps.ctx).history(call, p.page_size, p.offset()),
                          req);
                      json items = json::array();
                      for (const auto& r : page.items) items.push_back(service::to_json(r));
                      return json_response(200, page_json(std::move(items), page.total, p));
                    }),
             {.summary = "词库修订历史"});

  router.add("GET", "/api/v1/lexicon/revisions/{number}",
             authed(deps,
                    [deps](http::Request& req, const service::CallContext& call) {
                      auto it = req.params.find("number");
                      auto n = it == req.params.end() ? std::nullopt : revision_number(it->second);
                      if (!n) return error_response(req, not_found("词库修订不存在").value());
                      QF_TRY_RESPONSE(st, service::LexiconService(deps.ctx).revision(call, *n),
                                      req);
                      return state_response(200, st, true);
                    }),
             {.summary = "词库某一修订（0 为程序内置词库）"});
}

}  // namespace qf::api
