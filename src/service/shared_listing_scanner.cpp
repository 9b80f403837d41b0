#include "service/shared_listing_scanner.h"

#include <deque>
#include <mutex>
#include <string>
#include <utility>

#include "store/lexicon_repository.h"

namespace qf::service {
namespace {

// Recently compiled sets by lexicon version. A few, not one: the lexicon
// editor compiles candidates beside the set in force, and a process serving
// two databases (the tests) alternates between their sets.
constexpr std::size_t kKeptCompiled = 4;

class CompiledLexiconCache {
 public:
  std::shared_ptr<const scan::CompiledLexicon> find(const std::string& version) const {
    for (const auto& c : kept_)
      if (c->lexicon().version() == version) return c;
    return nullptr;
  }
  void keep(std::shared_ptr<const scan::CompiledLexicon> c) {
    kept_.push_front(std::move(c));
    if (kept_.size() > kKeptCompiled) kept_.pop_back();
  }

 private:
  std::deque<std::shared_ptr<const scan::CompiledLexicon>> kept_;
};

struct SharedLexicon {
  std::mutex mu;  // held while compiling: one compilation of a version at a time
  CompiledLexiconCache cache;
  std::unique_ptr<scan::LexiconMatcher> matcher;  // created with the first set compiled
  std::string builtin_version;                    // of the compiled-in files, once parsed
};

SharedLexicon& shared() {
  static SharedLexicon s;
  return s;
}

// Under shared().mu.
Result<std::shared_ptr<const scan::CompiledLexicon>> compile_locked(
    const std::vector<scan::LexiconFile>& files) {
  auto lexicon = scan::Lexicon::parse(files);
  if (!lexicon) return tl::unexpected(lexicon.error());
  if (auto hit = shared().cache.find(lexicon->version())) return hit;
  auto compiled = scan::CompiledLexicon::compile(std::move(*lexicon));
  if (!compiled) return tl::unexpected(compiled.error());
  shared().cache.keep(*compiled);
  return *compiled;
}

Result<std::vector<scan::LexiconFile>> files_in_force(soci::session& s,
                                                      const store::LexiconRepository::Head& head) {
  auto rev = store::LexiconRepository::find(s, head.number);
  if (!rev) return tl::unexpected(rev.error());
  if (!*rev) return fail(ErrorCode::kInternal, "词库修订不存在");
  std::vector<scan::LexiconFile> files;
  for (auto& f : (*rev)->files) files.push_back({std::move(f.name), std::move(f.content)});
  return files;
}

// The compiled set for the lexicon in force, swapped into the matcher.
Result<scan::LexiconMatcher*> matcher_in_force(soci::session& s) {
  auto head = store::LexiconRepository::head(s);
  if (!head) return tl::unexpected(head.error());
  auto& sh = shared();
  std::lock_guard lock(sh.mu);
  if (sh.builtin_version.empty()) {
    auto builtin = scan::Lexicon::builtin();
    if (!builtin)
      return fail(ErrorCode::kInternal, "网上巡查词库无法加载: " + builtin.error().message);
    sh.builtin_version = builtin->version();
  }
  const std::string wanted = *head ? (*head)->lexicon_version : sh.builtin_version;
  if (sh.matcher && sh.matcher->current()->lexicon().version() == wanted) return sh.matcher.get();
  auto set = sh.cache.find(wanted);
  if (!set) {
    Result<std::vector<scan::LexiconFile>> files =
        *head ? files_in_force(s, **head)
              : Result<std::vector<scan::LexiconFile>>(scan::builtin_lexicon_files());
    if (!files) return tl::unexpected(files.error());
    auto compiled = compile_locked(*files);
    if (!compiled)
      return fail(ErrorCode::kInternal, "网上巡查词库无法加载: " + compiled.error().message);
    set = std::move(*compiled);
  }
  if (!sh.matcher)
    sh.matcher = std::make_unique<scan::LexiconMatcher>(std::move(set));
  else
    sh.matcher->replace(std::move(set));
  return sh.matcher.get();
}

}  // namespace

Result<std::shared_ptr<const scan::CompiledLexicon>> compiled_lexicon(
    const std::vector<scan::LexiconFile>& files) {
  std::lock_guard lock(shared().mu);
  return compile_locked(files);
}

Result<scan::ListingScanner*> thread_listing_scanner(soci::session& s) {
  auto matcher = matcher_in_force(s);
  if (!matcher) return tl::unexpected(matcher.error());
  // The matcher is created once and never destroyed: the thread's scanner
  // may keep its reference.
  thread_local std::unique_ptr<scan::ListingScanner> scanner;
  if (!scanner) scanner = std::make_unique<scan::ListingScanner>(**matcher);
  return scanner.get();
}

}  // namespace qf::service
