#include "store/blob_store.h"

#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace qf::store {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

// Computed here with libsodium's one-shot API, independently of the store's
// streaming implementation.
std::string sha256_hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

// A JPEG-looking payload of the given size with content that varies by seed,
// large enough to cross several 64 KiB chunks when asked.
std::string jpeg(std::size_t size, unsigned seed = 1) {
  std::string data = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00"s;
  std::uint32_t x = seed * 2654435761u + 1;
  while (data.size() < size) {
    x = x * 1664525u + 1013904223u;
    data.push_back(static_cast<char>(x >> 24));
  }
  data.resize(size);
  return data;
}

std::string pdf(std::size_t size) {
  std::string data = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n"s;
  while (data.size() < size) data += "1 0 obj << /Type /Page >> endobj\n";
  data.resize(size);
  return data;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::string& path, std::string_view data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  ASSERT_TRUE(out.good()) << path;
}

std::size_t count_entries(const std::string& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::recursive_directory_iterator(dir)) ++n;
  return n;
}

std::size_t count_blobs(const std::string& root) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().parent_path().parent_path().parent_path() == root) ++n;
  return n;
}

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/qf-blob-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    base_ = pattern;
    root_ = base_ + "/evidence";
    auto store = BlobStore::open(root_);
    ASSERT_TRUE(store) << store.error().message;
    store_.emplace(std::move(*store));
  }

  void TearDown() override {
    std::error_code ec;
    fs::remove_all(base_, ec);
  }

  BlobStore& store() { return *store_; }
  std::string tmp_dir() const { return root_ + "/tmp"; }
  std::size_t temp_files() const { return count_entries(tmp_dir()); }

  std::string source(const std::string& name, std::string_view data) {
    std::string path = base_ + "/" + name;
    write_all(path, data);
    return path;
  }

  std::string base_;
  std::string root_;
  std::optional<BlobStore> store_;
};

TEST(Sha256Reference, KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(BlobStoreTest, OpenCreatesDirectories) {
  auto nested = BlobStore::open(base_ + "/a/b/c/");
  ASSERT_TRUE(nested) << nested.error().message;
  EXPECT_EQ(nested->dir(), base_ + "/a/b/c");
  EXPECT_TRUE(fs::is_directory(base_ + "/a/b/c/tmp"));
  EXPECT_EQ(count_entries(base_ + "/a/b/c/tmp"), 0u) << "the writability probe is removed";
}

TEST_F(BlobStoreTest, OpenMakesRelativeDirectoriesAbsolute) {
  const auto cwd = fs::current_path();
  fs::current_path(base_);
  auto rel = BlobStore::open("relative-store");
  fs::current_path(cwd);
  ASSERT_TRUE(rel) << rel.error().message;
  EXPECT_EQ(rel->dir(), base_ + "/relative-store");
}

TEST_F(BlobStoreTest, OpenFailsWhenDirectoryCannotBeCreated) {
  // A regular file in the way stops even root, unlike permission bits.
  const std::string file = source("not-a-dir", "x");
  auto bad = BlobStore::open(file + "/store");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
  EXPECT_FALSE(BlobStore::open(""));
}

TEST_F(BlobStoreTest, OpenFailsWhenDirectoryIsReadOnly) {
  if (::geteuid() == 0) GTEST_SKIP() << "root writes through permission bits";
  const std::string dir = base_ + "/read-only";
  ASSERT_TRUE(BlobStore::open(dir));
  fs::permissions(dir + "/tmp", fs::perms::owner_read | fs::perms::owner_exec);
  auto bad = BlobStore::open(dir);
  fs::permissions(dir + "/tmp", fs::perms::owner_all);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInternal);
}

TEST_F(BlobStoreTest, OpenSweepsOnlyStaleTempFiles) {
  const std::string stale = tmp_dir() + "/blob-stale1";
  const std::string young = tmp_dir() + "/blob-young1";
  const std::string foreign = tmp_dir() + "/keep-me";
  write_all(stale, "partial");
  write_all(young, "partial");
  write_all(foreign, "other");
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(48);
  fs::last_write_time(stale, old);
  fs::last_write_time(foreign, old);

  ASSERT_TRUE(BlobStore::open(root_));
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(young)) << "may belong to a concurrent upload";
  EXPECT_TRUE(fs::exists(foreign)) << "not ours";
}

TEST_F(BlobStoreTest, PutBytesRoundTrip) {
  const std::string data = jpeg(200 * 1024 + 17);  // several chunks plus a partial one
  auto blob = store().put_bytes(data, 10 << 20);
  ASSERT_TRUE(blob) << blob.error().message;

  EXPECT_EQ(blob->sha256, sha256_hex(data));
  EXPECT_EQ(blob->size, data.size());
  EXPECT_EQ(blob->type.mime, "image/jpeg");
  EXPECT_EQ(blob->type.label_zh, "图片");

  const std::string& h = blob->sha256;
  const std::string expected_path = root_ + "/" + h.substr(0, 2) + "/" + h.substr(2, 2) + "/" + h;
  EXPECT_EQ(store().path_for(h), expected_path);
  EXPECT_TRUE(store().exists(h));
  EXPECT_EQ(read_all(expected_path), data);

  auto verified = store().verified_path(h);
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_EQ(*verified, expected_path);
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(BlobStoreTest, PutFileRoundTripLeavesSourceAlone) {
  const std::string data = pdf(150 * 1024);
  const std::string path = source("scan.pdf", data);
  auto blob = store().put_file(path, 1 << 20);
  ASSERT_TRUE(blob) << blob.error().message;

  EXPECT_EQ(blob->sha256, sha256_hex(data));
  EXPECT_EQ(blob->size, data.size());
  EXPECT_EQ(blob->type.mime, "application/pdf");
  EXPECT_EQ(read_all(store().path_for(blob->sha256)), data);
  EXPECT_EQ(read_all(path), data);
  EXPECT_TRUE(store().verified_path(blob->sha256));
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(BlobStoreTest, SmallFilesShorterThanTheSniffWindow) {
  const std::string png = "\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR\x00\x00\x00\x01"s;
  auto blob = store().put_bytes(png, 1024);
  ASSERT_TRUE(blob) << blob.error().message;
  EXPECT_EQ(blob->type.mime, "image/png");
  EXPECT_EQ(blob->sha256, sha256_hex(png));

  for (std::size_t size : {kFileTypeSniffBytes - 1, kFileTypeSniffBytes, kFileTypeSniffBytes + 1}) {
    const std::string data = jpeg(size, static_cast<unsigned>(size));
    auto b = store().put_bytes(data, 1 << 20);
    ASSERT_TRUE(b) << size << ": " << b.error().message;
    EXPECT_EQ(b->sha256, sha256_hex(data));
  }
}

TEST_F(BlobStoreTest, StoredBlobsAreReadOnly) {
  auto blob = store().put_bytes(jpeg(1000), 1 << 20);
  ASSERT_TRUE(blob);
  struct stat st;
  ASSERT_EQ(::stat(store().path_for(blob->sha256).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0222, 0u);
}

TEST_F(BlobStoreTest, IdenticalContentIsStoredOnce) {
  const std::string data = jpeg(100 * 1024, 7);
  auto first = store().put_bytes(data, 1 << 20);
  ASSERT_TRUE(first);
  struct stat before;
  ASSERT_EQ(::stat(store().path_for(first->sha256).c_str(), &before), 0);

  auto second = store().put_file(source("again.jpg", data), 1 << 20);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->sha256, first->sha256);
  EXPECT_EQ(second->size, first->size);

  struct stat after;
  ASSERT_EQ(::stat(store().path_for(first->sha256).c_str(), &after), 0);
  EXPECT_EQ(after.st_ino, before.st_ino) << "the existing blob is kept, not replaced";
  EXPECT_EQ(count_blobs(root_), 1u);
  EXPECT_EQ(temp_files(), 0u);

  auto other = store().put_bytes(jpeg(100 * 1024, 8), 1 << 20);
  ASSERT_TRUE(other);
  EXPECT_NE(other->sha256, first->sha256);
  EXPECT_EQ(count_blobs(root_), 2u);
}

TEST_F(BlobStoreTest, ConcurrentPutsOfTheSameContent) {
  const std::string data = jpeg(300 * 1024, 3);
  std::vector<std::thread> threads;
  std::vector<Result<StoredBlob>> results(8, fail(ErrorCode::kInternal, "not run"));
  for (std::size_t i = 0; i < results.size(); ++i)
    threads.emplace_back([&, i] { results[i] = store().put_bytes(data, 1 << 20); });
  for (auto& t : threads) t.join();
  for (const auto& r : results) {
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->sha256, sha256_hex(data));
  }
  EXPECT_EQ(count_blobs(root_), 1u);
  EXPECT_EQ(temp_files(), 0u);
  EXPECT_TRUE(store().verified_path(sha256_hex(data)));
}

TEST_F(BlobStoreTest, OversizeIsRefusedWithoutLeftovers) {
  const std::string at_limit = jpeg(200 * 1024, 2);
  auto exact = store().put_bytes(at_limit, at_limit.size());
  ASSERT_TRUE(exact) << "a file exactly at the limit is fine";

  const std::string data = jpeg(200 * 1024, 1);
  // Refused after the first chunks were already spooled to a temp file.
  auto bytes = store().put_bytes(data, 100 * 1024);
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(bytes.error().message.find("100 KB"), std::string::npos) << bytes.error().message;

  auto file = store().put_file(source("big.jpg", data), data.size() - 1);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::kTooLarge);

  EXPECT_EQ(temp_files(), 0u);
  EXPECT_EQ(count_blobs(root_), 1u) << "only the one at the limit";
  EXPECT_FALSE(store().exists(sha256_hex(data)));
}

TEST_F(BlobStoreTest, OversizeIsCaughtWhileStreamingAPipe) {
  // A FIFO has no size up front, so only the streaming check can stop it.
  const std::string fifo = base_ + "/upload.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string data = jpeg(512 * 1024);
  std::thread writer([&] {
    // The reader gives up early; get EPIPE rather than a process-wide SIGPIPE.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    const int fd = ::open(fifo.c_str(), O_WRONLY);
    if (fd < 0) return;
    std::string_view rest = data;
    while (!rest.empty()) {
      const ssize_t n = ::write(fd, rest.data(), rest.size());
      if (n <= 0) break;
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    ::close(fd);
  });
  auto blob = store().put_file(fifo, 128 * 1024);
  writer.join();
  ASSERT_FALSE(blob);
  EXPECT_EQ(blob.error().code, ErrorCode::kTooLarge);
  EXPECT_EQ(temp_files(), 0u);
  EXPECT_EQ(count_blobs(root_), 0u);
}

TEST_F(BlobStoreTest, UnsupportedTypesAreRefusedWithoutLeftovers) {
  const std::vector<std::string> refused = {
      "#!/bin/sh\necho pwned\n",
      "<html><script>alert(1)</script></html>",
      // An executable longer than the sniff window.
      "\177ELF\x02\x01\x01\x00"s + std::string(100 * 1024, '\x90'),
      // A plain ZIP: local header (30 bytes) for notes.txt, stored.
      "PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00"  // version .. date
      "\x00\x00\x00\x00\x05\x00\x00\x00\x05\x00\x00\x00"    // crc, sizes
      "\x09\x00\x00\x00notes.txthello"s,
  };
  for (const auto& data : refused) {
    auto blob = store().put_bytes(data, 1 << 20);
    ASSERT_FALSE(blob);
    EXPECT_EQ(blob.error().code, ErrorCode::kUnsupportedMedia);
    EXPECT_NE(blob.error().message.find("不支持的文件类型"), std::string::npos);
  }
  auto file = store().put_file(source("innocent.jpg", refused[0]), 1 << 20);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::kUnsupportedMedia) << "the name does not matter";

  EXPECT_EQ(temp_files(), 0u);
  EXPECT_EQ(count_blobs(root_), 0u);
}

TEST_F(BlobStoreTest, EmptyInputIsRefused) {
  auto bytes = store().put_bytes("", 1 << 20);
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, ErrorCode::kInvalidInput);

  auto file = store().put_file(source("empty.jpg", ""), 1 << 20);
  ASSERT_FALSE(file);
  EXPECT_EQ(file.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(BlobStoreTest, BadSourcePaths) {
  auto missing = store().put_file(base_ + "/no-such-file", 1 << 20);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);

  auto directory = store().put_file(base_, 1 << 20);
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code, ErrorCode::kInvalidInput);
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(BlobStoreTest, TamperingIsDetected) {
  const std::string data = jpeg(80 * 1024, 11);
  auto blob = store().put_bytes(data, 1 << 20);
  ASSERT_TRUE(blob);
  const std::string path = store().path_for(blob->sha256);

  std::string altered = data;
  altered[40000] ^= 0x01;  // one bit, same size
  fs::permissions(path, fs::perms::owner_write, fs::perm_options::add);
  write_all(path, altered);

  auto verified = store().verified_path(blob->sha256);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, ErrorCode::kInternal);
  EXPECT_EQ(verified.error().message, "证据文件校验失败（内容已被篡改或损坏）");

  write_all(path, data.substr(0, data.size() - 1));  // truncated
  EXPECT_FALSE(store().verified_path(blob->sha256));

  write_all(path, data);  // restored
  EXPECT_TRUE(store().verified_path(blob->sha256));
}

TEST_F(BlobStoreTest, MissingBlobIsNotFound) {
  const std::string absent = sha256_hex("never stored");
  EXPECT_FALSE(store().exists(absent));
  auto verified = store().verified_path(absent);
  ASSERT_FALSE(verified);
  EXPECT_EQ(verified.error().code, ErrorCode::kNotFound);
}

TEST_F(BlobStoreTest, MalformedNamesNeverBecomePaths) {
  auto blob = store().put_bytes(jpeg(5000), 1 << 20);
  ASSERT_TRUE(blob);
  std::string upper = blob->sha256;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));

  const std::vector<std::string> bad = {
      "",
      "../../../../etc/passwd",
      "../" + blob->sha256.substr(3),
      blob->sha256.substr(0, 63),
      blob->sha256 + "0",
      upper,
      blob->sha256.substr(0, 62) + "/x",
      blob->sha256.substr(0, 63) + "g",
      blob->sha256.substr(0, 63) + std::string(1, '\0'),
  };
  for (const auto& name : bad) {
    EXPECT_FALSE(BlobStore::is_valid_sha256(name)) << name;
    EXPECT_EQ(store().path_for(name), "") << name;
    EXPECT_FALSE(store().exists(name)) << name;
    auto verified = store().verified_path(name);
    ASSERT_FALSE(verified) << name;
    EXPECT_EQ(verified.error().code, ErrorCode::kInvalidInput) << name;
  }
  EXPECT_TRUE(BlobStore::is_valid_sha256(blob->sha256));
}

}  // namespace
}  // namespace qf::store
