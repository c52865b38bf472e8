#!/usr/bin/env bash
# make deb: builds the Debian package (debian/, dh with meson) from a copy of
# the tree, checks it with lintian (no error allowed), and leaves
# epicevents_VERSION_ARCH.deb in OUT_DIR (default: the top of the tree).
#
#   scripts/make-deb.sh [OUT_DIR]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath "${1:-$top}")
for tool in dpkg-buildpackage dh lintian fakeroot; do
  command -v "$tool" >/dev/null || { echo "make deb: $tool is missing (make deps)" >&2; exit 1; }
done
version=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version)
work=$(mktemp -d /tmp/epicevents-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
src=$work/epicevents-$version
mkdir -p "$src"
# The tree as it is (uncommitted changes included), without build products.
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$top" && git ls-files -z --cached --others --exclude-standard |
    xargs -0 -I{} sh -c 'test -e "{}" && printf "%s\0" "{}"' | tar --null -T - -cf -) | tar -C "$src" -xf -
else
  tar -C "$top" --exclude='./build*' --exclude='./.git' -cf - . | tar -C "$src" -xf -
fi
cd "$src"
DEB_BUILD_OPTIONS="nocheck parallel=$(nproc)" dpkg-buildpackage -b -us -uc >"$work/build.log" 2>&1 ||
  { tail -40 "$work/build.log" >&2; echo "make deb: dpkg-buildpackage failed" >&2; exit 1; }
changes=$(ls "$work"/epicevents_"$version"_*.changes)
lintian --fail-on error --suppress-tags-from-file /dev/null "$changes" | tee "$work/lintian.log" >&2 || {
  echo "make deb: lintian reports errors" >&2; exit 1; }
cp "$work"/epicevents_"$version"_*.deb "$out/"
ls "$out"/epicevents_"$version"_*.deb
