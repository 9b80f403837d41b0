#!/usr/bin/env bash
# Installs the Debian packages Qingfeng builds, tests and runs with.
# Idempotent: only calls apt-get when something is missing, so `make demo`
# and `make test` stay fast on a machine that already has everything.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-dev
  libboost-dev libsoci-dev libsqlite3-dev libpq-dev sqlite3
  nlohmann-json3-dev libspdlog-dev libcli11-dev libtomlplusplus-dev
  libsodium-dev libexpected-dev libssl-dev libxlsxwriter-dev libgeos-dev libpugixml-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  postgresql-15 postgresql-client-15 curl unzip wrk ripgrep time
  libvectorscan-dev unicode-data opencc libopencc-data libicu-dev
  # the scanner's build-time table generator reads unicode-data's Unihan_*.txt.bz2
  libbz2-dev
  # the listing classifier (fastText re-scorer of the online-listing scanner)
  libfasttext-dev
  chromium fonts-wqy-microhei
  # the joint-action report: .docx (libzip), charts (cairo, Noto CJK), PDF via LibreOffice, checked with pdftotext
  libzip-dev libcairo2-dev fonts-noto-cjk libreoffice-writer-nogui poppler-utils
)
if [ "${1:-}" = "--runtime-only" ]; then
  packages=(${packages[@]/postgresql-15/})
fi

missing=()
for p in "${packages[@]}"; do
  [ -n "$p" ] || continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
