#include "store/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <regex>
#include <string_view>
#include <vector>

namespace qf::store {

Database::Lease::~Lease() {
  if (db_) {
    db_->in_use_--;
    db_->pool_->give_back(pos_);
  }
}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(const std::string& url, std::size_t pool_size) {
  std::unique_ptr<Database> db(new Database());  // private constructor
  if (pool_size == 0) pool_size = 1;
  db->pool_size_ = pool_size;
  std::string connect;
  const soci::backend_factory* factory = nullptr;
  if (url.rfind("sqlite:", 0) == 0) {
    db->backend_ = Backend::kSqlite;
    db->sqlite_path_ = url.substr(7);
    if (db->sqlite_path_.rfind("//", 0) == 0) db->sqlite_path_ = db->sqlite_path_.substr(2);
    if (db->sqlite_path_.empty()) return invalid("db", "SQLite 数据库路径为空");
    // timeout is SQLite's busy timeout in seconds: writers queue, not fail.
    connect = "db=" + db->sqlite_path_ + " timeout=30 shared_cache=false";
    factory = &soci::sqlite3;
    db->display_url_ = url;
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    db->backend_ = Backend::kPostgres;
    auto conninfo = postgres_conninfo(url);
    if (!conninfo) return tl::unexpected(conninfo.error());
    connect = *conninfo;
    factory = &soci::postgresql;
    db->display_url_ = std::regex_replace(url, std::regex(R"(://([^:@/]+):[^@/]*@)"), "://$1:***@");
  } else {
    return invalid("db", "数据库地址应以 sqlite: 或 postgresql:// 开头");
  }
  db->pool_ = std::make_unique<soci::connection_pool>(pool_size);
  try {
    for (std::size_t i = 0; i < pool_size; ++i) {
      soci::session& s = db->pool_->at(i);
      s.open(*factory, connect);
      if (db->backend_ == Backend::kSqlite) {
        s << "PRAGMA journal_mode=WAL";
        s << "PRAGMA foreign_keys=ON";
        s << "PRAGMA synchronous=NORMAL";
      } else {
        s << "SET client_min_messages TO WARNING";
        // Short OLTP queries: JIT compilation costs more than it saves
        // (bench/README.md measured 6x on filtered lists).
        s << "SET jit = off";
      }
    }
  } catch (const std::exception& e) {
    Error err = error_from_exception(e);
    err.code = ErrorCode::kUnavailable;
    err.message = "无法连接数据库 " + db->display_url_ + ": " + err.message;
    return tl::unexpected(err);
  }
  return db;
}

namespace {

std::string percent_decoded(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '%' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(in.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += in[i];
    }
  }
  return out;
}

std::string conninfo_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

Result<std::string> Database::postgres_conninfo(const std::string& url) {
  std::string_view rest(url);
  auto scheme = rest.find("://");
  if (scheme == std::string_view::npos) return invalid("db", "PostgreSQL 地址格式错误");
  rest.remove_prefix(scheme + 3);
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::string_view authority = rest, dbname;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    authority = rest.substr(0, slash);
    dbname = rest.substr(slash + 1);
  }
  std::vector<std::pair<std::string, std::string>> kv;
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
    if (auto colon = userinfo.find(':'); colon != std::string_view::npos) {
      kv.emplace_back("user", percent_decoded(userinfo.substr(0, colon)));
      kv.emplace_back("password", percent_decoded(userinfo.substr(colon + 1)));
    } else if (!userinfo.empty()) {
      kv.emplace_back("user", percent_decoded(userinfo));
    }
  }
  std::string_view host = authority, port;
  if (!host.empty() && host.front() == '[') {  // [::1]:5432
    auto close = host.find(']');
    if (close == std::string_view::npos) return invalid("db", "PostgreSQL 地址格式错误");
    if (close + 1 < host.size() && host[close + 1] == ':') port = host.substr(close + 2);
    host = host.substr(1, close - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  if (!host.empty()) kv.emplace_back("host", percent_decoded(host));
  if (!port.empty()) kv.emplace_back("port", std::string(port));
  if (!dbname.empty()) kv.emplace_back("dbname", percent_decoded(dbname));
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    kv.emplace_back(percent_decoded(pair.substr(0, eq)), percent_decoded(pair.substr(eq + 1)));
  }
  std::string out;
  for (const auto& [k, v] : kv) {
    if (!out.empty()) out += ' ';
    out += k + "=" + conninfo_value(v);
  }
  return out;
}

Database::Lease Database::lease() {
  std::size_t pos = pool_->lease();
  in_use_++;
  return Lease(*this, pos);
}

void Database::begin(soci::session& s) {
  if (backend_ == Backend::kSqlite) {
    // SOCI's commit()/rollback() issue plain COMMIT/ROLLBACK, which pair
    // with this manual BEGIN IMMEDIATE.
    s << "BEGIN IMMEDIATE";
  } else {
    s.begin();
  }
}

Status Database::ping() {
  return read([](soci::session& s) -> Status {
    int one = 0;
    s << "SELECT 1", soci::into(one);
    if (one != 1) return fail(ErrorCode::kUnavailable, "数据库无响应");
    return {};
  });
}

PoolStats Database::stats() const { return PoolStats{pool_size_, in_use_.load()}; }

Error Database::error_from_exception(const std::exception& e) {
  std::string what = e.what();
  Error err{ErrorCode::kInternal, "数据库操作失败", {}, 0};
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    std::string state = pg->sqlstate();
    if (state == "23505") {
      err.code = ErrorCode::kConflict;
      err.message = "数据已存在（唯一性冲突）";
    } else if (state.rfind("08", 0) == 0 || state == "57P01") {
      err.code = ErrorCode::kUnavailable;
      err.message = "数据库连接中断";
    } else if (state == "40001" || state == "40P01") {
      err.code = ErrorCode::kConflict;
      err.message = "并发冲突，请重试";
    }
  } else if (what.find("UNIQUE constraint failed") != std::string::npos) {
    err.code = ErrorCode::kConflict;
    err.message = "数据已存在（唯一性冲突）";
  } else if (what.find("database is locked") != std::string::npos) {
    err.code = ErrorCode::kUnavailable;
    err.message = "数据库忙，请稍后重试";
  }
  if (err.code == ErrorCode::kInternal) err.message += ": " + what;
  return err;
}

}  // namespace qf::store
