#!/bin/bash
# Builds the test .debs listed in packages.txt with dpkg-deb (payloads from testfleet/rpms/payload, reused).
# usage: build-debs.sh OUTDIR DIST...   (DIST = debian.12~bookworm etc., the @DIST@ of Docker CE versions)
# Produces OUTDIR/<DIST>/*.deb (the Docker CE packages for that distro) and OUTDIR/{bullseye,bookworm,ubuntu}/*.deb
# (the distributions' own docker.io & co.). Packages without @DIST@ in their version (containerd.io) are built once.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PAYLOAD=$HERE/../rpms/payload
OUT=$1; shift
rm -rf "$OUT"; mkdir -p "$OUT/work"

build() { # repo name version depends recommends conflicts replaces provides breaks payload -> prints the .deb path
  local repo=$1 name=$2 version=$3 depends=$4 recommends=$5 conflicts=$6 replaces=$7 provides=$8 breaks=$9 payload=${10}
  local upstream=${version#*:} epoch=0 root item top rel s deb
  [ "$version" != "$upstream" ] && epoch=${version%%:*}
  local release=${upstream##*-}; upstream=${upstream%-*}
  root=$OUT/work/${name}_${version//:/%3a}
  deb=$OUT/work/${name}_${version#*:}_amd64.deb
  [ -f "$deb" ] && { echo "$deb"; return 0; }
  rm -rf "$root"; mkdir -p "$root/DEBIAN"
  if [ "$payload" != - ]; then
    for item in $payload; do
      top=${item%%/*}; rel=.; [ "$item" != "$top" ] && rel=${item#*/}
      tar -C "$PAYLOAD/$top" --exclude=./.post --exclude=./.preun --exclude=./.postun -c "$rel" | tar -C "$root" -x
    done
    find "$root" -path "$root/DEBIAN" -prune -o -type f -print0 | xargs -0 -r sed -i -e "s/@VERSION@/$upstream/g" \
      -e "s/@RELEASE@/$release/g" -e "s/@EPOCH@/$epoch/g" -e "s/@NAME@/$name/g"
    for d in usr/bin usr/sbin usr/libexec/docker/cli-plugins; do [ -d "$root/$d" ] && chmod 755 "$root/$d"/*; done
  fi
  {
    echo "Package: $name"
    echo "Version: $version"
    echo "Architecture: amd64"
    echo "Maintainer: jprov test fleet <testfleet@jprov.invalid>"
    echo "Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)"
    [ -n "$depends" ] && echo "Depends: $depends"
    [ -n "$recommends" ] && echo "Recommends: $recommends"
    [ -n "$conflicts" ] && echo "Conflicts: $conflicts"
    [ -n "$breaks" ] && echo "Breaks: $breaks"
    [ -n "$replaces" ] && echo "Replaces: $replaces"
    [ -n "$provides" ] && echo "Provides: $provides"
    echo "Section: admin"
    echo "Priority: optional"
    echo "Homepage: https://example.invalid/jprov-testfleet"
    echo "Description: jprov test-fleet stand-in for $name"
    echo " Test package for the jprov test fleet (not the real $name)."
  } > "$root/DEBIAN/control"
  (cd "$root" && find . -path ./DEBIAN -prune -o -path './etc/*' -type f -print | sed 's#^\.##') > "$root/DEBIAN/conffiles"
  [ -s "$root/DEBIAN/conffiles" ] || rm -f "$root/DEBIAN/conffiles"
  for s in postinst prerm postrm; do
    [ -f "$HERE/scripts/$name.$s" ] && install -m 0755 "$HERE/scripts/$name.$s" "$root/DEBIAN/$s"
  done
  dpkg-deb --root-owner-group -Zxz -z1 --build "$root" "$deb" >/dev/null
  rm -rf "$root"
  echo "$deb"
}

grep -v '^[[:space:]]*#' "$HERE/packages.txt" | grep -v '^[[:space:]]*$' | while IFS='|' read -r repo name version rest; do
  if [ "$repo" != docker ]; then
    IFS='|' read -r -a f <<< "$rest"
    mkdir -p "$OUT/$repo"
    cp "$(build "$repo" "$name" "$version" "${f[@]}")" "$OUT/$repo/"
    continue
  fi
  for dist in "$@"; do
    IFS='|' read -r -a f <<< "$rest"
    mkdir -p "$OUT/$dist"
    cp "$(build "$repo" "$name" "${version//@DIST@/$dist}" "${f[@]}")" "$OUT/$dist/"
  done
done
rm -rf "$OUT/work"
