#!/usr/bin/env bash
# Installs every Debian package farol needs to build, run, test and benchmark.
# Idempotent and non-interactive: safe to run on every build; a no-op when all is present.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake ninja-build ccache mold pkg-config git
  # libraries (shared/DESIGN.md lists why each one is here)
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libpq-dev
  libhowardhinnant-date-dev tzdata
  libsodium-dev libssl-dev libcurl4-openssl-dev libmagic-dev libmagic-mgc
  libcli11-dev libspdlog-dev libfmt-dev
  # e-mail: MIME parsing (GMime), HTML sanitising (gumbo), raw messages kept compressed (zlib)
  libgmime-3.0-dev libgumbo-dev zlib1g-dev
  # reports as PDF: cairo draws, pango lays out text (DejaVu fonts, below)
  libcairo2-dev libpango1.0-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-client-15
  curl wrk hyperfine procps util-linux
  # a real SMTP server for the alert e-mail tests, a real IMAP server for the mail intake tests
  python3 python3-aiosmtpd dovecot-imapd
  # throwaway certificates for the mail-over-TLS tests
  openssl
  # the PDF tests read the text back out of the reports (pdftotext)
  poppler-utils
  # the web app's browser tests drive Debian's Chromium (never a downloaded browser)
  chromium fonts-dejavu-core
)
# The web app builds with Node.js 18 or newer and npm: Debian's own packages unless a Node.js is
# already installed (e.g. from NodeSource, which bundles npm and conflicts with Debian's npm).
if ! command -v node >/dev/null; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

install_web() {
  # The web app's packages, exactly as package-lock.json pins them (only when they changed).
  local web; web="$(dirname "$0")/../web"
  if ! command -v npm >/dev/null; then
    echo "install-deps: node is installed but npm is not; install npm for this Node.js" >&2
    exit 1
  fi
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  if ((major < 18)); then
    echo "install-deps: Node.js $(node -v) is too old; the web app needs 18 or newer" >&2
    exit 1
  fi
  if [[ ! -f "$web/node_modules/.package-lock.json" || "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]]; then
    # The versions package-lock.json pins, without rewriting it. Not `npm ci`: it refuses a lock
    # file that leaves out other platforms' optional packages (rollup's and esbuild's native
    # builds), which registries and mirrors do not always list for every version.
    echo "install-deps: npm install in web/ (as package-lock.json pins)"
    (cd "$web" && npm install --no-save --no-audit --no-fund --loglevel=error)
  fi
}

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  install_web
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The Debian postgresql package starts a cluster on port 5432; farol's tests start their own
# throwaway server instead and never touch it.
install_web
echo "install-deps: done"
