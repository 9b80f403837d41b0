#include "http/static_files.h"

#include <filesystem>

#include "http/problem.h"

namespace qf::http {
namespace {

std::string mime_for(const std::filesystem::path& p) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".ico", "image/x-icon"}, {".woff2", "font/woff2"},
      {".woff", "font/woff"}, {".ttf", "font/ttf"}, {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"}, {".map", "application/json"}};
  const std::string ext = p.extension().string();
  for (const auto& [e, m] : kTypes)
    if (ext == e) return m;
  return "application/octet-stream";
}

}  // namespace

Handler static_files(std::string root) {
  std::error_code ec;
  auto base = std::filesystem::weakly_canonical(root, ec);
  return [base](Request& req) -> Response {
    std::string rel = req.path;
    while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
    std::filesystem::path candidate = base / rel;
    std::error_code ec;
    auto resolved = std::filesystem::weakly_canonical(candidate, ec);
    const auto base_str = base.string();
    bool inside = !ec && resolved.string().compare(0, base_str.size(), base_str) == 0;
    bool is_file = inside && !rel.empty() && std::filesystem::is_regular_file(resolved, ec);
    if (!is_file) {
      // Unknown API paths must not turn into the app's HTML.
      if (req.path.rfind("/api/", 0) == 0) return problem(404, "not-found", "未找到该接口");
      resolved = base / "index.html";
      if (!std::filesystem::is_regular_file(resolved, ec))
        return problem(404, "not-found", "未找到该页面", "未构建网页界面（web/dist）");
    }
    Response r;
    r.status = 200;
    r.set_header("Content-Type", mime_for(resolved));
    const bool immutable = rel.rfind("assets/", 0) == 0 && is_file;
    r.set_header("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    r.set_header("X-Content-Type-Options", "nosniff");
    r.file_path = resolved.string();
    auto gz = resolved.string() + ".gz";
    if (req.header("Accept-Encoding").value_or("").find("gzip") != std::string_view::npos &&
        std::filesystem::is_regular_file(gz, ec)) {
      r.file_path = gz;
      r.set_header("Content-Encoding", "gzip");
      r.set_header("Vary", "Accept-Encoding");
    }
    return r;
  };
}

}  // namespace qf::http
