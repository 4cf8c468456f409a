#!/bin/sh
# The cms image's base, made from Debian's packages alone (no Docker engine, no container registry): Debian bookworm
# (debootstrap, minbase) with the Java 17 runtime, ffmpeg (the relay probes run the one on PATH), espeak-ng for
# speech and the CA certificates, written as the tarball `docker save` writes, which Jib takes as its base (tar://).
#
#   cms/src/image/debian-base.sh [out=cms/target/debian-base.tar]
#   ./mvnw -B -ntp -Pimage -pl cms -am package -DskipTests
#
# Runs as root (debootstrap needs it). DEBIAN_MIRROR picks a mirror (debootstrap's default otherwise).
set -eu
cd "$(dirname "$0")/../.."
out="${1:-cms/target/debian-base.tar}"
command -v debootstrap >/dev/null || { echo "needs debootstrap: apt-get install -y debootstrap" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "debootstrap needs root" >&2; exit 1; }

work="$(mktemp -d /var/tmp/openloa-base-XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
# shellcheck disable=SC2086 # an unset mirror is no argument at all
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ffmpeg,espeak-ng,ca-certificates \
  bookworm "$rootfs" ${DEBIAN_MIRROR:-} >"$work/debootstrap.log" 2>&1 \
  || { tail -40 "$work/debootstrap.log" >&2; exit 1; }
# What a container never uses: the downloaded packages, the package lists, documentation.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*
# java finds its libjli through /proc/self/exe, as in a container, where /proc is always mounted
mount -t proc proc "$rootfs/proc"
trap 'umount "$rootfs/proc" 2>/dev/null; rm -rf "$work"' EXIT
chroot "$rootfs" java -version >"$work/java-version" 2>&1 || { echo "the base's java does not run" >&2; exit 1; }
version="$(head -1 "$work/java-version")"
umount "$rootfs/proc"

# One layer: the whole root file system, owners as numbers (the build machine's names mean nothing inside).
image="$work/image"
mkdir -p "$image"
tar --numeric-owner -C "$rootfs" -cf "$work/layer.tar" .
diff_id="$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
mkdir "$image/$diff_id"
mv "$work/layer.tar" "$image/$diff_id/layer.tar"
arch="$(dpkg --print-architecture)"
case "$arch" in armhf) arch=arm ;; esac
cat >"$work/config.json" <<EOF
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created_by":"cms/src/image/debian-base.sh: debootstrap bookworm"}]}
EOF
config="$(sha256sum "$work/config.json" | cut -d' ' -f1).json"
mv "$work/config.json" "$image/$config"
printf '[{"Config":"%s","RepoTags":["openloa/debian-base:bookworm"],"Layers":["%s/layer.tar"]}]\n' \
  "$config" "$diff_id" >"$image/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$image" -cf "$out" manifest.json "$config" "$diff_id"
echo "$out: $(du -h "$out" | cut -f1), Debian bookworm with $version"
