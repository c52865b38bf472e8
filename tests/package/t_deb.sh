#!/usr/bin/env bash
# make deb: the package builds from this tree (scripts/make-deb.sh: dh with
# meson, lintian without error), holds what a system needs, installs into a
# scratch root with dpkg (maintainer scripts included), and the installed
# program runs; apt would find every dependency on this machine. TAP.
#
#   t_deb.sh SOURCE_DIR
set -u
top=$(realpath "$1")
n=0 failed=0
ok() {
  local d=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $d"; else failed=$((failed + 1)); echo "not ok $n - $d"; fi
}
for tool in dpkg-buildpackage dh lintian fakeroot; do
  command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool is missing (make deps installs it)"; exit 0; }
done
work=$(mktemp -d /tmp/epicevents-debtest.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$top/scripts/make-deb.sh" "$work" >"$work/make-deb.log" 2>&1
rc=$?
ok "make deb builds the package, lintian reporting no error" test $rc -eq 0
[ $rc -ne 0 ] && { sed 's/^/#   /' "$work/make-deb.log" | tail -30; echo "1..$n"; exit 1; }
deb=$(ls "$work"/epicevents_*.deb)
ok "lintian's warnings are only the 0600 environment file" \
  bash -c '! grep -E "^[EW]: " "$1" | grep -v "non-standard-file-perm 0600 != 0644 \[etc/epicevents/env\]"' _ "$work/make-deb.log"

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/epicevents ./usr/share/man/man1/epicevents.1.gz \
         ./usr/share/bash-completion/completions/epicevents ./usr/share/zsh/vendor-completions/_epicevents \
         ./usr/share/fish/vendor_completions.d/epicevents.fish ./lib/systemd/system/epicevents.service \
         ./etc/epicevents/env ./usr/share/doc/epicevents/copyright \
         ./usr/share/locale/fr/LC_MESSAGES/epicevents.mo; do
  ok "the package holds $f" grep -q " $f\$" <<<"$contents"
done
ok "/etc/epicevents/env is root's alone (0600) and a conffile" bash -c '
  grep -q "^-rw------- root/root .* ./etc/epicevents/env$" <<<"$1" &&
  dpkg-deb -I "$2" conffiles | grep -qx /etc/epicevents/env' _ "$contents" "$deb"
ok "no test program is installed" bash -c '! grep -Eq "gendoc|test|fuzz" <<<"$1"' _ "$contents"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libpq5 libcurl4 libmicrohttpd12 libsqlite3-0; do
  ok "Depends names $lib (opened at run time or linked)" grep -q "$lib" <<<"$depends"
done
ok "apt would install it here: every dependency resolves" \
  bash -c 'apt-get install --simulate -qq "$1" >/dev/null 2>&1' _ "$deb"

# A scratch root with an empty dpkg database: dpkg runs the package's
# maintainer scripts there (chrootless, as the root has no shell).
root=$work/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg --root="$root" --force-depends --force-script-chrootless -i "$deb" >"$work/dpkg.log" 2>&1
ok "dpkg installs it into a scratch root" test $? -eq 0
ok "dpkg records it as installed" bash -c 'dpkg --root="$1" -s epicevents | grep -q "^Status: install ok installed"' _ "$root"
ok "the installed epicevents --version runs" bash -c '"$1/usr/bin/epicevents" --version | grep -q "^epicevents "' _ "$root"
ok "the installed program has no test hook compiled in" \
  bash -c '! grep -aq EPICEVENTS_TEST_ "$1/usr/bin/epicevents"' _ "$root"
ok "the unit is not enabled (the database must be configured first)" \
  test ! -e "$root/etc/systemd/system/multi-user.target.wants/epicevents.service"
unit=$root/lib/systemd/system/epicevents.service
ok "the unit runs /usr/bin/epicevents serve as a dynamic user, hardened" bash -c '
  for k in "ExecStart=/usr/bin/epicevents serve" DynamicUser=yes ProtectSystem=strict NoNewPrivileges=yes \
           EnvironmentFile=/etc/epicevents/env; do grep -qx "$k" "$1" || exit 1; done' _ "$unit"
dpkg --root="$root" --force-script-chrootless --purge epicevents >>"$work/dpkg.log" 2>&1
ok "dpkg --purge removes it, configuration included" \
  bash -c 'test ! -e "$1/usr/bin/epicevents" && test ! -e "$1/etc/epicevents/env"' _ "$root"
[ "$failed" -gt 0 ] && sed 's/^/#   dpkg: /' "$work/dpkg.log" | tail -20
echo "1..$n"
[ "$failed" -eq 0 ]
