#!/bin/bash
# Builds every package listed in packages.txt for one distribution with rpmbuild and signs them with the test key.
# usage: build-rpms.sh OUTDIR GNUPGHOME KEY_UID [DIST]
#   DIST: el7 (default), el8 or el9: the lines whose last field (dists, default el7) names DIST; @DIST@ in a line
#   becomes DIST (e.g. release 1.@DIST@ -> 1.el9). Payload directories are looked up in rpms/payload, then in
#   $PAYLOAD_EXTRA (directories made at build time, e.g. files taken from Debian's dnf-plugins-core).
# Produces OUTDIR/rpms/<repo>/*.rpm (repo = os|updates|extras|stable, BaseOS|AppStream) and OUTDIR/rpms/<base>/
# (symlinks to the packages installed in the host images: base, old, or a variant's group).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$1; GNUPGHOME=$2; KEY_UID=$3; DIST=${4:-el7}
PAYLOAD_EXTRA=${PAYLOAD_EXTRA:-/nonexistent}
export GNUPGHOME
TOP=$OUT/rpmbuild
rm -rf "$TOP" "$OUT/rpms"
mkdir -p "$TOP"/{SPECS,BUILD,BUILDROOT,RPMS,SRPMS,SOURCES} "$OUT/rpms"/{os,updates,extras,stable,base,old}

deps() { # kind list
  local IFS=';' d
  for d in $2; do [ -n "$d" ] && echo "$1: $d"; done
  return 0
}
n=0
grep -v '^[[:space:]]*#' "$HERE/packages.txt" | grep -v '^[[:space:]]*$' | sed "s/@DIST@/$DIST/g" | while IFS='|' read -r repo name epoch version release arch requires provides obsoletes conflicts payload base dists; do
  [[ ",${dists:-el7}," == *",$DIST,"* ]] || continue
  n=$((n + 1))
  pdir=$HERE/payload/$payload; [ -d "$pdir" ] || pdir=$PAYLOAD_EXTRA/$payload
  spec=$TOP/SPECS/$n-$name.spec
  {
    echo "Name: $name"
    [ "$epoch" != 0 ] && echo "Epoch: $epoch"
    echo "Version: $version"
    echo "Release: $release"
    echo "Summary: jprov test-fleet stand-in for $name"
    echo "License: ASL 2.0"
    echo "URL: https://example.invalid/jprov-testfleet"
    echo "BuildArch: $arch"
    echo "AutoReqProv: no"
    deps Requires "$requires"
    deps Provides "$provides"
    deps Obsoletes "$obsoletes"
    deps Conflicts "$conflicts"
    echo "%global debug_package %{nil}"
    echo "%global __os_install_post %{nil}"
    echo "%global _build_id_links none"
    echo "%description"
    echo "Test package for the jprov test fleet (not the real $name)."
    echo "%install"
    echo "mkdir -p %{buildroot}"
    if [ "$payload" != - ]; then
      echo "cp -a $pdir/. %{buildroot}/"
      echo "rm -f %{buildroot}/.post %{buildroot}/.preun %{buildroot}/.postun"
      echo "find %{buildroot} -type f -exec sed -i -e 's/@VERSION@/$version/g' -e 's/@RELEASE@/$release/g' -e 's/@EPOCH@/$epoch/g' -e 's/@NAME@/$name/g' {} +"
    fi
    for s in post preun postun; do
      if [ "$payload" != - ] && [ -f "$pdir/.$s" ]; then
        echo "%$s"; cat "$pdir/.$s"
      fi
    done
    echo "%files"
    if [ "$payload" != - ]; then
      (cd "$pdir" && find . -type f ! -name '.post' ! -name '.preun' ! -name '.postun' | sed 's#^\.##' | sort) | while read -r f; do
        case "$f" in /etc/*) echo "%config(noreplace) $f" ;; /usr/bin/*|/usr/libexec/*) echo "%attr(0755,root,root) $f" ;; *) echo "$f" ;; esac
      done
    fi
  } > "$spec"
  echo "$repo $base" > "$spec.where"
done

build_one() {
  local spec=$1 top=$2 log
  if ! log=$(rpmbuild --quiet --define "_topdir $top" --define "_buildhost testfleet.jprov" \
      --define "_binary_filedigest_algorithm 8" --define "_binary_payload w2.xzdio" \
      --define "_rpmdir $top/RPMS/$(basename "$spec" .spec)" -bb "$spec" 2>&1); then
    echo "rpmbuild failed for $spec:" >&2; echo "$log" >&2; return 1
  fi
}
export -f build_one
ls "$TOP"/SPECS/*.spec | xargs -P "$(nproc)" -I{} bash -c 'build_one "$@"' _ {} "$TOP"

# place, then sign all at once
for spec in "$TOP"/SPECS/*.spec; do
  read -r repo base < "$spec.where"
  rpm=$(find "$TOP/RPMS/$(basename "$spec" .spec)" -name '*.rpm')
  mkdir -p "$OUT/rpms/$repo"
  dest=$OUT/rpms/$repo/$(basename "$rpm")
  cp "$rpm" "$dest"
  [ -n "$base" ] && mkdir -p "$OUT/rpms/$base" && ln -sf "../$repo/$(basename "$rpm")" "$OUT/rpms/$base/$(basename "$rpm")"
done
# every real file is a repository's package (base/old/... hold symlinks)
mapfile -t all < <(find "$OUT/rpms" -type f -name '*.rpm' | sort)
rpmsign --define "__gpg $(command -v gpg)" --define "_gpg_name $KEY_UID" --define "_gpg_path $GNUPGHOME" --addsign "${all[@]}" >"$OUT/rpmsign.log" 2>&1 || { cat "$OUT/rpmsign.log" >&2; exit 1; }
echo "built ${#all[@]} $DIST packages"
