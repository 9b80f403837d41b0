#include "service/lexicon_service.h"

#include <algorithm>
#include <regex>
#include <set>

#include "core/clock.h"
#include "core/utf8.h"
#include "scan/lexicon.h"
#include "service/audit_writer.h"
#include "service/listing_service.h"
#include "service/shared_listing_scanner.h"
#include "store/crypto.h"

namespace qf::service {
namespace {

using json = nlohmann::json;

bool may_read(const Actor& a) {
  return AccessPolicy::allows(a, Action::kManageReferenceData) ||
         AccessPolicy::allows(a, Action::kReadListings);
}

std::vector<scan::LexiconFile> engine_files(const std::vector<store::LexiconFileText>& files) {
  std::vector<scan::LexiconFile> out;
  out.reserve(files.size());
  for (const auto& f : files) out.push_back({f.name, f.content});
  return out;
}

std::vector<store::LexiconFileText> builtin_files() {
  std::vector<store::LexiconFileText> out;
  for (const auto& f : scan::builtin_lexicon_files()) out.push_back({f.name, f.content});
  return out;
}

// A parse or compile error names "file:line" in its message (field
// "lexicon"); it belongs under that file's content.
Error located(const Error& e, const std::vector<store::LexiconFileText>& files) {
  const std::string message = e.fields.empty() ? e.message : e.fields.front().message;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (message.rfind(files[i].name + ":", 0) == 0)
      return invalid("files/" + std::to_string(i) + "/content", message).value();
  return invalid("files", message).value();
}

Status check_files(const std::vector<store::LexiconFileText>& files) {
  static const std::regex kName("[a-z0-9][a-z0-9_-]{0,39}\\.txt");
  if (files.empty()) return invalid("files", "请至少提供一个词库文件");
  if (files.size() > kMaxLexiconFiles)
    return invalid("files", "词库文件最多 " + std::to_string(kMaxLexiconFiles) + " 个");
  std::size_t bytes = 0;
  std::set<std::string> names;
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& f = files[i];
    const std::string at = "files/" + std::to_string(i) + "/";
    // Names are shown in every hit's source ("species.txt:12"): plain
    // lower-case file names only, so they read the same everywhere.
    const std::string base =
        f.name.substr(f.name.rfind('/') == std::string::npos ? 0 : f.name.rfind('/') + 1);
    if (!std::regex_match(base, kName) || (f.name != base && f.name != "data/lexicon/" + base))
      errors.push_back({at + "name", "文件名应为小写字母、数字、- 或 _ 加 .txt，例如 species.txt"});
    else if (!names.insert(base).second)
      errors.push_back({at + "name", "文件名重复：" + base});
    if (!is_valid_utf8(f.content)) errors.push_back({at + "content", "含无效的 UTF-8 字节"});
    bytes += f.content.size();
  }
  if (bytes > kMaxLexiconBytes)
    errors.push_back({"files", "词库过大（全部文件合计最多 " +
                                   std::to_string(kMaxLexiconBytes >> 20) + " MB）"});
  if (!errors.empty())
    return tl::unexpected(Error{ErrorCode::kInvalidInput, "输入数据有误", errors, 0});
  return {};
}

// Saved names always carry the data/lexicon/ prefix the built-in files have,
// so a hit's source reads the same whichever revision found it.
std::vector<store::LexiconFileText> canonical(std::vector<store::LexiconFileText> files) {
  for (auto& f : files)
    if (f.name.rfind("data/lexicon/", 0) != 0) f.name = "data/lexicon/" + f.name;
  return files;
}

LexiconState state_of(store::LexiconRevision rev, const scan::Lexicon& lexicon, bool in_force) {
  LexiconState st;
  rev.lexicon_version = lexicon.version();
  rev.terms = static_cast<std::int64_t>(lexicon.terms().size());
  st.revision = std::move(rev);
  for (const auto& t : lexicon.terms())
    ++st.terms_by_category[std::string(scan::category_name(t.category))];
  st.in_force = in_force;
  return st;
}

// What the audit keeps of a revision: its identity and each file's size and
// digest (the texts themselves are in the revision row, which never changes).
json audit_summary(const store::LexiconRevision& r) {
  json files = json::array();
  for (const auto& f : r.files)
    files.push_back(
        {{"name", f.name}, {"bytes", f.content.size()}, {"sha256", store::sha256_hex(f.content)}});
  return {{"revision", r.number},
          {"lexicon_version", r.lexicon_version},
          {"terms", r.terms},
          {"files", std::move(files)}};
}

std::vector<std::string> changed_files(const std::vector<store::LexiconFileText>& before,
                                       const std::vector<store::LexiconFileText>& after) {
  std::vector<std::string> changed;
  for (const auto& a : after) {
    auto b =
        std::find_if(before.begin(), before.end(), [&](const auto& x) { return x.name == a.name; });
    if (b == before.end() || b->content != a.content) changed.push_back(a.name);
  }
  for (const auto& b : before)
    if (std::none_of(after.begin(), after.end(), [&](const auto& x) { return x.name == b.name; }))
      changed.push_back(b.name + "（删除）");
  return changed;
}

}  // namespace

Result<LexiconState> LexiconService::current(const CallContext& call) {
  if (!may_read(call.actor)) return forbidden();
  auto head = ctx_.db.read([](soci::session& s) { return store::LexiconRepository::head(s); });
  if (!head) return tl::unexpected(head.error());
  return revision(call, *head ? (*head)->number : 0);
}

Result<LexiconState> LexiconService::revision(const CallContext& call, std::int64_t number) {
  if (!may_read(call.actor)) return forbidden();
  if (number < 0) return not_found("词库修订不存在");
  auto loaded = ctx_.db.read(
      [&](soci::session& s) -> Result<std::pair<store::LexiconRevision, std::int64_t>> {
        auto head = store::LexiconRepository::head(s);
        if (!head) return tl::unexpected(head.error());
        const std::int64_t in_force = *head ? (*head)->number : 0;
        if (number == 0) {
          store::LexiconRevision r;
          r.files = builtin_files();
          r.note = "程序内置词库（data/lexicon）";
          return std::make_pair(std::move(r), in_force);
        }
        auto found = store::LexiconRepository::find(s, number);
        if (!found) return tl::unexpected(found.error());
        if (!*found) return not_found("词库修订不存在");
        return std::make_pair(std::move(**found), in_force);
      });
  if (!loaded) return tl::unexpected(loaded.error());
  auto& [rev, in_force] = *loaded;
  auto lexicon = scan::Lexicon::parse(engine_files(rev.files));
  if (!lexicon) return fail(ErrorCode::kInternal, "词库修订无法解析: " + lexicon.error().message);
  const bool force = rev.number == in_force;
  return state_of(std::move(rev), *lexicon, force);
}

Result<Page<store::LexiconRevision>> LexiconService::history(const CallContext& call,
                                                             std::int64_t limit,
                                                             std::int64_t offset) {
  if (!may_read(call.actor)) return forbidden();
  return ctx_.db.read([&](soci::session& s) -> Result<Page<store::LexiconRevision>> {
    auto items = store::LexiconRepository::history(s, limit, offset);
    if (!items) return tl::unexpected(items.error());
    auto total = store::LexiconRepository::count(s);
    if (!total) return tl::unexpected(total.error());
    return Page<store::LexiconRevision>{std::move(*items), *total};
  });
}

Result<LexiconState> LexiconService::save(const CallContext& call, const LexiconEdit& edit) {
  if (!AccessPolicy::allows(call.actor, Action::kManageReferenceData)) return forbidden();
  if (auto ok = check_files(edit.files); !ok) return tl::unexpected(ok.error());
  const bool blank_note = edit.note.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!edit.dry_run && blank_note) return invalid("note", "请说明修改原因");
  if (edit.note.size() > kMaxLexiconNoteBytes || !is_valid_utf8(edit.note))
    return invalid("note", "说明过长或含无效的 UTF-8 字节");
  auto files = canonical(edit.files);
  // Parsed and compiled exactly as the scanner will, before any write.
  auto compiled = compiled_lexicon(engine_files(files));
  if (!compiled) {
    if (compiled.error().code == ErrorCode::kInvalidInput)
      return tl::unexpected(located(compiled.error(), files));
    return tl::unexpected(compiled.error());
  }
  const scan::Lexicon& lexicon = (*compiled)->lexicon();

  store::LexiconRevision rev;
  rev.files = std::move(files);
  rev.note = edit.note;
  rev.restored_from = edit.restored_from;
  rev.created_by = call.actor.user_id;
  rev.created_by_name = call.actor.username;
  if (edit.dry_run) return state_of(std::move(rev), lexicon, false);

  return ctx_.db.transact([&](soci::session& s) -> Result<LexiconState> {
    auto head = store::LexiconRepository::head(s);
    if (!head) return tl::unexpected(head.error());
    const std::int64_t in_force = *head ? (*head)->number : 0;
    if (edit.base_revision != in_force)
      return fail(ErrorCode::kPreconditionFailed, "词库已被他人修改（当前为第 " +
                                                      std::to_string(in_force) +
                                                      " 版），请刷新后在最新版本上修改");
    if (edit.restored_from < 0 || edit.restored_from > in_force)
      return invalid("restored_from", "没有这个词库修订");
    store::LexiconRevision before;
    if (*head) {
      auto found = store::LexiconRepository::find(s, in_force);
      if (!found) return tl::unexpected(found.error());
      before = std::move(**found);
    } else {
      before.files = builtin_files();
      auto builtin = scan::Lexicon::builtin();
      if (!builtin) return tl::unexpected(builtin.error());
      before.lexicon_version = builtin->version();
      before.terms = static_cast<std::int64_t>(builtin->terms().size());
    }
    if (before.lexicon_version == lexicon.version())
      return fail(ErrorCode::kConflict, "内容与当前词库相同，无需保存");
    rev.lexicon_version = lexicon.version();
    rev.terms = static_cast<std::int64_t>(lexicon.terms().size());
    rev.created_at = now_ms();
    auto saved = store::LexiconRepository::append(s, std::move(rev));
    if (!saved) return tl::unexpected(saved.error());
    json after = audit_summary(*saved);
    after["note"] = saved->note;
    after["changed_files"] = changed_files(before.files, saved->files);
    if (saved->restored_from) after["restored_from"] = saved->restored_from;
    if (auto ok = audit(s, call, "lexicon.save", "lexicon", std::to_string(saved->number),
                        audit_summary(before), after);
        !ok)
      return tl::unexpected(ok.error());
    return state_of(std::move(*saved), lexicon, true);
  });
}

Result<json> LexiconService::trial(const CallContext& call, const LexiconTrial& t) {
  if (!may_read(call.actor)) return forbidden();
  if (t.title.size() + t.text.size() > 64 * 1024)
    return invalid("text", "试扫描文本过长（最多 64 KB）");
  if (!is_valid_utf8(t.title) || !is_valid_utf8(t.text))
    return invalid("text", "含无效的 UTF-8 字节");
  std::vector<store::LexiconFileText> files;
  std::int64_t number = -1;  // -1: the files being edited
  if (t.files) {
    if (auto ok = check_files(*t.files); !ok) return tl::unexpected(ok.error());
    files = canonical(*t.files);
  } else {
    auto st = t.revision ? revision(call, *t.revision) : current(call);
    if (!st) return tl::unexpected(st.error());
    files = std::move(st->revision.files);
    number = st->revision.number;
  }
  auto compiled = compiled_lexicon(engine_files(files));
  if (!compiled) {
    if (compiled.error().code == ErrorCode::kInvalidInput)
      return tl::unexpected(located(compiled.error(), files));
    return tl::unexpected(compiled.error());
  }
  // A scanner of its own: the thread's scanner follows the revision in force.
  // It shows every term the text hits, also the context words of a listing
  // that would get the empty verdict: what an editor checks here.
  scan::LexiconMatcher matcher(*compiled);
  scan::ListingScanner scanner(matcher, {.explain_without_anchor = true});
  auto explained = explain_listing(scanner, t.title, t.text);
  if (!explained) return tl::unexpected(explained.error());
  (*explained)["lexicon_revision"] = number >= 0 ? json(number) : json(nullptr);
  return explained;
}

json to_json(const store::LexiconRevision& r) {
  return {{"revision", r.number},
          {"lexicon_version", r.lexicon_version},
          {"terms", r.terms},
          {"note", r.note},
          {"restored_from", r.restored_from ? json(r.restored_from) : json(nullptr)},
          {"created_by", r.created_by_name},
          {"created_at", r.created_at ? json(format_iso8601(r.created_at)) : json(nullptr)}};
}

json to_json(const LexiconState& st) {
  json j = to_json(st.revision);
  j["terms_by_category"] = st.terms_by_category;
  j["in_force"] = st.in_force;
  json files = json::array();
  for (const auto& f : st.revision.files) {
    // Shown and edited by their short name; saved with the data/lexicon/ prefix.
    const auto slash = f.name.rfind('/');
    files.push_back({{"name", slash == std::string::npos ? f.name : f.name.substr(slash + 1)},
                     {"content", f.content}});
  }
  j["files"] = std::move(files);
  return j;
}

}  // namespace qf::service
