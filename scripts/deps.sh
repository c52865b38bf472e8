#!/usr/bin/env bash
# Installs the Debian packages the build, the tests and the fuzzers need.
# Only what is missing is installed; uses sudo when not root.
set -euo pipefail

packages=(
  build-essential meson ninja-build pkg-config
  libpq-dev libsqlite3-dev libssl-dev libjansson-dev libcurl4-openssl-dev
  libedit-dev libutf8proc-dev libbsd-dev
  libcmocka-dev postgresql sqlite3 python3 python3-passlib python3-jwt python3-sentry-sdk
  clang libclang-rt-14-dev valgrind time openssl hyperfine tzdata
  libmicrohttpd-dev python3-jsonschema python3-prometheus-client wrk curl
  groff-base man-db bsdextrautils zsh fish debhelper lintian dpkg-dev fakeroot
  libical-dev python3-icalendar
  gettext locales
  chromium chromium-driver python3-selenium
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The French tests (tests/e2e/t-french.sh) run under fr_FR.UTF-8.
if ! locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\?8'; then
  echo "generating the fr_FR.UTF-8 locale"
  $sudo sed -i 's/^# *fr_FR.UTF-8/fr_FR.UTF-8/' /etc/locale.gen
  $sudo locale-gen
fi
