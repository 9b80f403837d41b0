#include "store/blob_store.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <system_error>
#include <vector>

#include <spdlog/spdlog.h>

namespace qf::store {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::string_view kTempPrefix = "blob-";
// Long enough that no upload still in progress is that old.
constexpr auto kStaleTempAge = std::chrono::hours(24);
// Blobs never change once written; dropping the write bits turns an
// accidental overwrite into an error instead of silent corruption.
constexpr mode_t kBlobMode = 0440;
constexpr mode_t kDirMode = 0750;

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

// Paths and errno stay in the log; the user gets a message that reveals
// nothing about the server's layout.
tl::unexpected<Error> storage_failure(std::string_view what, const std::string& path, int err) {
  spdlog::error("blob store: {} {}: {}", what, path, errno_text(err));
  if (err == ENOSPC || err == EDQUOT) return fail(ErrorCode::kUnavailable, "证据存储空间不足");
  return fail(ErrorCode::kInternal, "证据文件存储失败");
}

std::string human_size(std::uint64_t bytes) {
  constexpr const char* kUnits[] = {"字节", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  if (unit == 0 || value == static_cast<double>(static_cast<std::uint64_t>(value)))
    std::snprintf(buf, sizeof buf, "%.0f %s", value, kUnits[unit]);
  else
    std::snprintf(buf, sizeof buf, "%.1f %s", value, kUnits[unit]);
  return buf;
}

tl::unexpected<Error> too_large(std::uint64_t max_size) {
  return fail(ErrorCode::kTooLarge, "文件过大，超过上限 " + human_size(max_size));
}

tl::unexpected<Error> unsupported_type() {
  return fail(ErrorCode::kUnsupportedMedia,
              "不支持的文件类型：仅接受图片、PDF、音频、视频和Office文档");
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Reads up to buf.size() bytes; 0 means end of file, -1 an error in errno.
ssize_t read_some(int fd, std::vector<char>& buf) {
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n >= 0 || errno != EINTR) return n;
  }
}

class Sha256 {
 public:
  Sha256() { crypto_hash_sha256_init(&state_); }
  void update(std::string_view data) {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(data.data()),
                              data.size());
  }
  std::string hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, digest);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
  }

 private:
  crypto_hash_sha256_state state_;
};

Status make_dir(const std::string& path) {
  if (::mkdir(path.c_str(), kDirMode) == 0) return {};
  const int err = errno;
  struct stat st;
  if (err == EEXIST && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return {};
  return storage_failure("cannot create directory", path, err);
}

// Makes a new directory entry durable; without it a crash right after a
// successful put could lose the name even though the data was synced.
void sync_dir(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0)
    spdlog::warn("blob store: cannot sync directory {}: {}", path, errno_text(errno));
  if (fd >= 0) ::close(fd);
}

// A file in DIR/tmp that is removed again unless it has been published.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  bool is_open() const { return !path_.empty(); }

  Status create(const std::string& tmp_dir) {
    std::string name = tmp_dir + "/" + std::string(kTempPrefix) + "XXXXXX";
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) return storage_failure("cannot create temp file in", tmp_dir, errno);
    fd_ = fd;
    path_ = std::move(name);
    return {};
  }

  Status write(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::write(fd_, data.data(), data.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return storage_failure("cannot write", path_, errno);
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return {};
  }

  // Data first, then the name: the blob must never be visible under its
  // final name with content that a crash could still lose.
  Status seal() {
    if (::fchmod(fd_, kBlobMode) != 0) return storage_failure("cannot chmod", path_, errno);
    if (::fsync(fd_) != 0) return storage_failure("cannot fsync", path_, errno);
    const int fd = fd_;
    fd_ = -1;
    // close() can report deferred write errors (e.g. on NFS).
    if (::close(fd) != 0) return storage_failure("cannot close", path_, errno);
    return {};
  }

  // Gives the sealed file its final name unless that name already exists;
  // returns whether this file became the blob. link() fails rather than
  // replaces, so a blob once stored is never overwritten, even when two
  // uploads of the same content race.
  Result<bool> publish(const std::string& final_path) {
    if (::link(path_.c_str(), final_path.c_str()) == 0) return true;
    const int err = errno;
    if (err == EEXIST) return false;
    if (err != EPERM && err != EOPNOTSUPP && err != EMLINK)
      return storage_failure("cannot link " + path_ + " to", final_path, err);
    // Filesystems without hard links: rename() would replace an existing
    // blob, which is acceptable only because its content is identical.
    struct stat st;
    if (::stat(final_path.c_str(), &st) == 0) return false;
    if (::rename(path_.c_str(), final_path.c_str()) != 0)
      return storage_failure("cannot rename " + path_ + " to", final_path, errno);
    path_.clear();
    return true;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

// Hashes, size-checks, type-sniffs and spools one upload. The temp file is
// created only once the first chunk has passed the checks, so refusals
// decided up front never touch the disk.
class Ingest {
 public:
  Ingest(std::string tmp_dir, std::uint64_t max_size)
      : tmp_dir_(std::move(tmp_dir)), max_size_(max_size) {}

  Status feed(std::string_view chunk) {
    if (chunk.size() > max_size_ - size_) return too_large(max_size_);
    size_ += chunk.size();
    if (!type_) {
      sniff_.append(chunk.substr(0, kFileTypeSniffBytes - sniff_.size()));
      // Deciding as soon as the window is full spares copying the rest of
      // a large file that will be refused anyway.
      if (sniff_.size() == kFileTypeSniffBytes) {
        type_ = detect_file_type(sniff_);
        if (!type_) return unsupported_type();
      }
    }
    hash_.update(chunk);
    if (!temp_.is_open())
      if (auto st = temp_.create(tmp_dir_); !st) return st;
    return temp_.write(chunk);
  }

  Result<StoredBlob> finish(const BlobStore& store) {
    if (size_ == 0) return invalid("file", "文件为空");
    if (!type_) type_ = detect_file_type(sniff_);
    if (!type_) return unsupported_type();
    StoredBlob blob{hash_.hex(), size_, *type_};

    if (auto st = temp_.seal(); !st) return tl::unexpected(st.error());
    const std::string final_path = store.path_for(blob.sha256);
    const std::string level1 = store.dir() + "/" + blob.sha256.substr(0, 2);
    const std::string level2 = level1 + "/" + blob.sha256.substr(2, 2);
    for (const auto& dir : {level1, level2})
      if (auto st = make_dir(dir); !st) return tl::unexpected(st.error());
    auto created = temp_.publish(final_path);
    if (!created) return tl::unexpected(created.error());
    if (*created) sync_dir(level2);
    return blob;
  }

 private:
  std::string tmp_dir_;
  std::uint64_t max_size_;
  std::uint64_t size_ = 0;
  std::string sniff_;
  std::optional<FileType> type_;
  Sha256 hash_;
  TempFile temp_;
};

// Removes temp files a crashed process left behind. Only old ones: another
// process sharing the store may be writing a young one right now.
void sweep_stale_temp_files(const std::string& tmp_dir) {
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - kStaleTempAge;
  for (fs::directory_iterator it(tmp_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& entry = *it;
    if (!entry.path().filename().string().starts_with(kTempPrefix)) continue;
    std::error_code entry_ec;
    if (!entry.is_regular_file(entry_ec)) continue;
    const auto mtime = entry.last_write_time(entry_ec);
    if (entry_ec || mtime >= cutoff) continue;
    if (fs::remove(entry.path(), entry_ec))
      spdlog::info("blob store: removed stale temp file {}", entry.path().string());
  }
}

}  // namespace

Result<BlobStore> BlobStore::open(std::string dir) {
  if (sodium_init() < 0) return fail(ErrorCode::kInternal, "加密库初始化失败");
  if (dir.empty()) return invalid("dir", "证据存储目录未配置");

  std::error_code ec;
  fs::path root = fs::absolute(fs::path(dir), ec).lexically_normal();
  if (ec) return storage_failure("cannot resolve", dir, ec.value());
  if (!root.has_filename() && root.has_parent_path() && root != root.root_path())
    root = root.parent_path();  // "a/b/" normalises to "a/b/"; the blob paths add their own "/"
  fs::create_directories(root, ec);
  if (ec) return storage_failure("cannot create", root.string(), ec.value());

  BlobStore store(root.string());
  if (auto st = make_dir(store.tmp_dir()); !st) return tl::unexpected(st.error());
  // access() is not enough: it ignores read-only mounts for root and says
  // nothing about quotas. Creating a file is the real test.
  {
    TempFile probe;
    if (!probe.create(store.tmp_dir())) return fail(ErrorCode::kInternal, "证据存储目录不可写");
  }
  sweep_stale_temp_files(store.tmp_dir());
  return store;
}

bool BlobStore::is_valid_sha256(std::string_view sha256) {
  if (sha256.size() != crypto_hash_sha256_BYTES * 2) return false;
  for (char c : sha256)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string BlobStore::path_for(const std::string& sha256) const {
  if (!is_valid_sha256(sha256)) return {};
  return dir_ + "/" + sha256.substr(0, 2) + "/" + sha256.substr(2, 2) + "/" + sha256;
}

bool BlobStore::exists(const std::string& sha256) const {
  if (!is_valid_sha256(sha256)) return false;
  struct stat st;
  return ::stat(path_for(sha256).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<StoredBlob> BlobStore::put_bytes(std::string_view data, std::uint64_t max_size) {
  Ingest ingest(tmp_dir(), max_size);
  while (!data.empty()) {
    const std::string_view chunk = data.substr(0, kChunkBytes);
    if (auto st = ingest.feed(chunk); !st) return tl::unexpected(st.error());
    data.remove_prefix(chunk.size());
  }
  return ingest.finish(*this);
}

Result<StoredBlob> BlobStore::put_file(const std::string& source_path, std::uint64_t max_size) {
  Fd source(::open(source_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (source.get() < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return not_found("源文件不存在");
    if (err == EACCES || err == EPERM) return forbidden("无权读取源文件");
    return storage_failure("cannot open source", source_path, err);
  }
  struct stat st;
  if (::fstat(source.get(), &st) != 0) return storage_failure("cannot stat", source_path, errno);
  if (S_ISDIR(st.st_mode)) return invalid("file", "指定的路径是目录，不是文件");
  // The size is checked again while streaming: the file may still grow.
  if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_size)
    return too_large(max_size);

  Ingest ingest(tmp_dir(), max_size);
  std::vector<char> buf(kChunkBytes);
  for (;;) {
    const ssize_t n = read_some(source.get(), buf);
    if (n < 0) {
      spdlog::error("blob store: cannot read {}: {}", source_path, errno_text(errno));
      return fail(ErrorCode::kInternal, "读取源文件失败");
    }
    if (n == 0) break;
    if (auto s = ingest.feed(std::string_view(buf.data(), static_cast<std::size_t>(n))); !s)
      return tl::unexpected(s.error());
  }
  return ingest.finish(*this);
}

Result<std::string> BlobStore::verified_path(const std::string& sha256) const {
  if (!is_valid_sha256(sha256)) return invalid("sha256", "证据文件标识格式不正确");
  std::string path = path_for(sha256);
  Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) {
    const int err = errno;
    if (err == ENOENT) return not_found("证据文件不存在");
    return storage_failure("cannot open", path, err);
  }
  Sha256 hash;
  std::vector<char> buf(kChunkBytes);
  for (;;) {
    const ssize_t n = read_some(file.get(), buf);
    if (n < 0) return storage_failure("cannot read", path, errno);
    if (n == 0) break;
    hash.update(std::string_view(buf.data(), static_cast<std::size_t>(n)));
  }
  if (const std::string actual = hash.hex(); actual != sha256) {
    spdlog::critical("blob store: evidence {} failed verification, content now hashes to {}",
                     sha256, actual);
    return fail(ErrorCode::kInternal, "证据文件校验失败（内容已被篡改或损坏）");
  }
  return path;
}

}  // namespace qf::store
