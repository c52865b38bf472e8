#!/usr/bin/env bash
# What `make install DESTDIR=...` puts in place (meson install of this
# build): the program, the manual page, the three completions and the
# systemd unit, which systemd-analyze accepts; `make uninstall` (ninja
# uninstall) removes them all. Prints TAP.
#
#   t_install.sh BUILD_DIR
set -u
build=$(realpath "$1")
n=0 failed=0
ok() {
  local d=$1; shift
  n=$((n + 1))
  if "$@"; then echo "ok $n - $d"; else failed=$((failed + 1)); echo "not ok $n - $d"; fi
}
dest=$(mktemp -d /tmp/epicevents-install.XXXXXX)
trap 'rm -rf "$dest" "$dest.log" "$dest.service"' EXIT
prefix=$(meson introspect --buildoptions "$build" |
  /usr/bin/python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root=$dest$prefix

meson install -C "$build" --no-rebuild --destdir "$dest" >"$dest.log" 2>&1
ok "meson install --destdir succeeds" test $? -eq 0
for f in bin/epicevents share/man/man1/epicevents.1 share/bash-completion/completions/epicevents \
         share/zsh/vendor-completions/_epicevents share/fish/vendor_completions.d/epicevents.fish \
         share/doc/epicevents/examples/epicevents.service share/locale/fr/LC_MESSAGES/epicevents.mo; do
  ok "installs $f" test -s "$root/$f"
done
if locale -a 2>/dev/null | grep -qix 'fr_FR\.utf-\?8'; then
  ok "the installed catalogue speaks French" bash -c \
    'env -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 EPICEVENTS_LOCALEDIR="$1" "$2" --help | grep -q "lister les clients"' \
    _ "$root/share/locale" "$root/bin/epicevents"
else
  n=$((n + 1)); echo "ok $n - the installed catalogue speaks French # SKIP no fr_FR.UTF-8 locale (scripts/deps.sh)"
fi
ok "the installed program runs" bash -c '"$1" --version | grep -q "^epicevents "' _ "$root/bin/epicevents"
# libpq, libcurl and libmicrohttpd (with GnuTLS) are opened only by what
# needs them: --version, help or a SQLite command load none of them.
loaded=$(LD_DEBUG=libs "$root/bin/epicevents" --version 2>&1 >/dev/null | sed -n 's/.*calling init: //p')
ok "--version loads no libpq, libcurl, libmicrohttpd or GnuTLS" \
  bash -c '! grep -Eq "libpq|libcurl|libmicrohttpd|libgnutls" <<<"$1"' _ "$loaded"
ok "the installed program is executable by all, not writable by them" \
  bash -c '[ "$(stat -c %a "$1")" = 755 ]' _ "$root/bin/epicevents"
unit=$root/share/doc/epicevents/examples/epicevents.service
ok "the unit starts the installed path" grep -qx "ExecStart=$prefix/bin/epicevents serve" "$unit"
for k in DynamicUser=yes ProtectSystem=strict NoNewPrivileges=yes EnvironmentFile=/etc/epicevents/env \
         KillSignal=SIGTERM; do
  ok "the unit has $k" grep -qx "$k" "$unit"
done
if command -v systemd-analyze >/dev/null; then
  # verify wants the program where the unit says: point it at the staged one
  sed "s|^ExecStart=$prefix/bin/epicevents|ExecStart=$root/bin/epicevents|" "$unit" >"$dest.service"
  out=$(systemd-analyze verify --man=no "$dest.service" 2>&1)
  ok "systemd-analyze verify accepts the unit" test $? -eq 0 -a -z "$out"
  [ -n "$out" ] && printf '#   %s\n' "$out"
else
  n=$((n + 1)); echo "ok $n - systemd-analyze verify # SKIP no systemd-analyze"
fi
uninstall_out=$(ninja -C "$build" uninstall 2>&1)
left=$(find "$dest" -type f)
ok "ninja uninstall (make uninstall) removes every installed file" test -z "$left"
[ -n "$left" ] && { printf '#   left: %s\n' $left; printf '#   %s\n' "$uninstall_out" | tail -5; }
echo "1..$n"
[ "$failed" -eq 0 ]
