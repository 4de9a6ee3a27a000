#!/usr/bin/env bash
# Builds what the local COLO lab boots, from Debian packages, into DIR
# (default: ${XDG_CACHE_HOME:-~/.cache}/colo-console/lab):
#   vmlinuz, initrd.cpio.gz  the tiny test guest (Debian kernel + busybox, e1000/ata_piix/sd_mod)
#   colo-tcg-shim.so         the LD_PRELOAD workaround for COLO under TCG (QEMU 7.2)
#   VERSION                  what was built from, for reuse checks
# Needs: apt-get (to download the kernel package), dpkg-deb, busybox-static, cpio, kmod, gcc.
# Idempotent: an up-to-date DIR is left alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/colo-console/lab}
mkdir -p "$out"
out=$(cd "$out" && pwd)

need() { command -v "$1" >/dev/null || { echo "build-lab: $1 is missing: apt-get install -y $2" >&2; exit 1; }; }
need dpkg-deb dpkg
need cpio cpio
need gcc gcc
need depmod kmod
# Not `grep -q`: it exits at the first match, busybox gets SIGPIPE and pipefail fails the check now and then.
[[ -x /bin/busybox ]] && /bin/busybox --list | grep -x httpd >/dev/null || { echo "build-lab: /bin/busybox (static) with httpd is missing: apt-get install -y busybox-static" >&2; exit 1; }

resolve_kernel() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'; }
kpkg=$(resolve_kernel)
if [[ -z "$kpkg" && $(id -u) -eq 0 ]]; then
  # A machine whose package lists were never fetched (or were cleaned) knows no kernel package.
  apt-get update -q >/dev/null
  kpkg=$(resolve_kernel)
fi
if [[ -z "$kpkg" ]]; then
  echo "build-lab: cannot resolve linux-image-amd64 (run apt-get update first)" >&2
  exit 1
fi
kver=${kpkg#linux-image-}
stamp="kernel=$kpkg shim=$(sha256sum "$here/colo-tcg-shim.c" | cut -c1-16) init=$(sha256sum "$here/guest-init.sh" | cut -c1-16) builder=$(sha256sum "$0" | cut -c1-16)"
if [[ -f "$out/VERSION" && "$(cat "$out/VERSION")" == "$stamp" && -f "$out/vmlinuz" && -f "$out/initrd.cpio.gz" && -f "$out/colo-tcg-shim.so" ]]; then
  echo "build-lab: $out is up to date ($kpkg)"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "build-lab: downloading $kpkg"
(cd "$work" && apt-get download -o APT::Sandbox::User=root "$kpkg" >/dev/null)
dpkg-deb -x "$work"/linux-image-*.deb "$work/k"
depmod -b "$work/k" "$kver"

root="$work/initramfs"
mkdir -p "$root"/{bin,proc,sys,dev,tmp,lib/modules}
cp /bin/busybox "$root/bin/busybox"
: > "$root/modules.load"
# The modules in load order, with their dependencies first.
modprobe -d "$work/k" -S "$kver" --show-depends -a e1000 ata_piix sd_mod \
  | awk '$1 == "insmod" {print $2}' | while read -r ko; do
    name=$(basename "$ko")
    if ! grep -qx "$name" "$root/modules.load"; then
      case "$ko" in
        *.ko) cp "$ko" "$root/lib/modules/$name" ;;
        *.ko.xz) xz -dc "$ko" > "$root/lib/modules/${name%.xz}"; name=${name%.xz} ;;
        *) echo "build-lab: unexpected module $ko" >&2; exit 1 ;;
      esac
      echo "$name" >> "$root/modules.load"
    fi
  done
cp "$here/guest-init.sh" "$root/init"
chmod 755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -9) > "$out/initrd.cpio.gz.tmp"
cp "$work/k/boot/vmlinuz-$kver" "$out/vmlinuz.tmp"
gcc -shared -fPIC -O2 -Wall -o "$out/colo-tcg-shim.so.tmp" "$here/colo-tcg-shim.c" -ldl -lpthread
mv "$out/initrd.cpio.gz.tmp" "$out/initrd.cpio.gz"
mv "$out/vmlinuz.tmp" "$out/vmlinuz"
mv "$out/colo-tcg-shim.so.tmp" "$out/colo-tcg-shim.so"
echo "$stamp" > "$out/VERSION"
echo "build-lab: built $out ($kpkg, initrd $(du -h "$out/initrd.cpio.gz" | cut -f1))"
