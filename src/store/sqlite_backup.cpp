#include "store/sqlite_backup.h"

#include <sqlite3.h>

#include <memory>

namespace qf::store {
namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Handle = std::unique_ptr<sqlite3, Closer>;

Result<Handle> open(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Handle h(raw);
  if (rc != SQLITE_OK)
    return fail(ErrorCode::kInvalidInput, "无法打开数据库文件 " + path + ": " + (raw ? sqlite3_errmsg(raw) : "out of memory"));
  sqlite3_busy_timeout(h.get(), 30000);
  return h;
}

Status copy(sqlite3* from, sqlite3* to) {
  sqlite3_backup* b = sqlite3_backup_init(to, "main", from, "main");
  if (!b) return fail(ErrorCode::kInternal, std::string("备份初始化失败: ") + sqlite3_errmsg(to));
  int rc;
  do {
    rc = sqlite3_backup_step(b, 256);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) return fail(ErrorCode::kInternal, std::string("备份失败: ") + sqlite3_errstr(rc));
  return {};
}

Status check_sound(sqlite3* db, const std::string& path) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) != SQLITE_OK)
    return fail(ErrorCode::kInvalidInput, path + " 不是 SQLite 数据库");
  std::string result;
  if (sqlite3_step(st) == SQLITE_ROW) result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  if (result != "ok") return fail(ErrorCode::kInvalidInput, path + " 完整性检查未通过: " + result);
  if (sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM schema_migrations", -1, &st, nullptr) != SQLITE_OK)
    return fail(ErrorCode::kInvalidInput, path + " 不是清风系统的数据库（缺少 schema_migrations）");
  sqlite3_finalize(st);
  return {};
}

}  // namespace

Status sqlite_backup(const std::string& db_path, const std::string& out_path) {
  auto from = open(db_path, SQLITE_OPEN_READONLY);
  if (!from) return tl::unexpected(from.error());
  auto to = open(out_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!to) return tl::unexpected(to.error());
  return copy(from->get(), to->get());
}

Status sqlite_restore(const std::string& from_path, const std::string& db_path) {
  auto from = open(from_path, SQLITE_OPEN_READONLY);
  if (!from) return tl::unexpected(from.error());
  if (auto ok = check_sound(from->get(), from_path); !ok) return ok;
  auto to = open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!to) return tl::unexpected(to.error());
  return copy(from->get(), to->get());
}

}  // namespace qf::store
