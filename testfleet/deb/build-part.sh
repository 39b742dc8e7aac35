# testfleet/build.sh part "deb" (sourced by build.sh; see its header). Not run on its own.
# Debian 11/12 hosts are real Debian (debootstrap of bullseye/bookworm from $DEB_MIRROR, each base cached by its own
# hash); Ubuntu 22.04/24.04 hosts are Debian 12 dressed as Ubuntu (Ubuntu's archive is not reachable here).
# The mirror gets: /debian and /ubuntu (base archives: real Debian .debs the hosts need besides Docker, signed with
# the archive test key) and /docker-ce/linux/{debian,ubuntu} (Docker CE test .debs, signed with the test key).
DEB_HOST_PKGS=openssh-server,sudo,procps,jq,passwd,login,apt-utils
# what the base archives hold (with every dependency a host lacks, as `apt-get install` would fetch them): the
# Docker guide's prerequisites, docker-ce's Depends and Recommends (git excepted: too big for what it proves)
DEB_ARCHIVE_PKGS="ca-certificates curl iptables libseccomp2 libsystemd0 apparmor libltdl7 pigz xz-utils slirp4netns adduser"
DEB_HOSTS="debian:11:debian11:bullseye debian:12:debian12:bookworm debian:12-old-docker:debian12:bookworm ubuntu:22.04:ubuntu2204:bookworm ubuntu:24.04:ubuntu2404:bookworm"
# Docker CE trees: distro codename @DIST@ archive-suite (the Debian suite whose .debs the host runs)
DEB_DOCKER_DISTS="debian:bullseye:debian.11~bullseye:bullseye debian:bookworm:debian.12~bookworm:bookworm ubuntu:jammy:ubuntu.22.04~jammy:bookworm ubuntu:noble:ubuntu.24.04~noble:bookworm"
DEB_ARCHIVE_UID='jprov test fleet archive key (Debian/Ubuntu base archives, test only) <archive@jprov.invalid>'

part_deb_images() { local h; for h in $DEB_HOSTS; do echo "jprov-testfleet/$(echo "$h" | cut -d: -f1,2)"; done; }

# deb_bases: sets DEB_BASE_bullseye / DEB_BASE_bookworm (debootstrap_image from build.sh)
deb_bases() {
  local s
  for s in bullseye bookworm; do
    debootstrap_image $s $DEB_HOST_PKGS jprov-testfleet/base-$s deb-v1
    printf -v "DEB_BASE_$s" '%s' "$DB_IMAGE"
  done
}

# deb_fetch SUITE: the real Debian .debs of $DEB_ARCHIVE_PKGS the base image lacks, downloaded once per base image
# into $WORK/deb-archive/SUITE-HASH (apt-get --download-only inside the base image, from Debian's archive)
deb_fetch() {
  local img=DEB_BASE_$1 dir
  img=${!img}
  dir=$WORK/deb-archive/$1-$(echo "${img##*:} $DEB_ARCHIVE_PKGS" | sha256sum | cut -c1-16)
  if [ ! -f "$dir/.done" ]; then
    say "fetching $1 .debs for the base archive"
    rm -rf "$WORK/deb-archive/$1-"*; mkdir -p "$dir/partial"
    docker run --rm -v "$dir:/out" "$img" bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --download-only -o Dir::Cache::archives=/out/ $DEB_ARCHIVE_PKGS" > "$WORK/deb-fetch.log" 2>&1 \
      || { tail -n 20 "$WORK/deb-fetch.log" >&2; die "downloading the $1 base-archive packages failed"; }
    rm -rf "$dir/partial" "$dir/lock"; touch "$dir/.done"
  fi
  DEB_FETCHED=$dir
}

# deb_sign DIR KEY_UID: InRelease + Release.gpg for DIR/Release
deb_sign() {
  rm -f "$1/InRelease" "$1/Release.gpg"
  gpg --batch --yes --local-user "$2" --digest-algo SHA512 --clearsign -o "$1/InRelease" "$1/Release" 2>/dev/null || die "signing $1 failed"
  gpg --batch --yes --local-user "$2" --digest-algo SHA512 -abs -o "$1/Release.gpg" "$1/Release" 2>/dev/null || die "signing $1 failed"
}
# deb_release ROOT DIST COMPONENTS ORIGIN LABEL: DIST's Release (apt-ftparchive) over ROOT/dists/DIST
deb_release() {
  (cd "$1" && apt-ftparchive -o APT::FTPArchive::Release::Origin="$4" -o APT::FTPArchive::Release::Label="$5" \
    -o APT::FTPArchive::Release::Suite="$2" -o APT::FTPArchive::Release::Codename="$2" \
    -o APT::FTPArchive::Release::Architectures=amd64 -o APT::FTPArchive::Release::Components="$3" \
    release "dists/$2" > "dists/$2/Release.new") && mv "$1/dists/$2/Release.new" "$1/dists/$2/Release"
}
# deb_packages ROOT POOLDIR INDEXDIR: Packages(.gz) of the .debs under ROOT/POOLDIR, paths relative to ROOT
deb_packages() {
  mkdir -p "$1/$3"
  (cd "$1" && apt-ftparchive packages "$2" > "$3/Packages" 2>/dev/null) && gzip -9nkf "$1/$3/Packages"
}

part_deb_repos() {
  command -v apt-ftparchive >/dev/null || NEEDRESTART_SUSPEND=1 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq apt-utils >/dev/null 2>&1 \
    || die "cannot install apt-utils (apt-ftparchive)"
  gpg --batch --list-secret-keys "$DEB_ARCHIVE_UID" >/dev/null 2>&1 \
    || gpg --batch --passphrase '' --quick-gen-key "$DEB_ARCHIVE_UID" rsa2048 sign never >/dev/null 2>&1 \
    || die "generating the archive test key failed"
  deb_bases
  local d s a codename dist suite ch dists=""
  for a in $DEB_DOCKER_DISTS; do dists="$dists $(echo "$a" | cut -d: -f3)"; done
  "$HERE/deb/build-debs.sh" "$OUT/debs" $dists || die "building the test .debs failed"
  # base archives: /debian (bullseye, bookworm) and /ubuntu (jammy, noble: Debian 12's .debs), each with the
  # distribution's own docker.io & co. (test .debs)
  for a in debian:bullseye:bullseye debian:bookworm:bookworm ubuntu:jammy:bookworm ubuntu:noble:bookworm; do
    IFS=: read -r d codename s <<< "$a"
    deb_fetch "$s"
    mkdir -p "$SRV/$d/pool/$codename"
    cp "$DEB_FETCHED"/*.deb "$OUT/debs/$s"/*.deb "$SRV/$d/pool/$codename/"
    [ $d = ubuntu ] && cp "$OUT/debs/ubuntu"/*.deb "$SRV/$d/pool/$codename/"
    deb_packages "$SRV/$d" "pool/$codename" "dists/$codename/main/binary-amd64"
    deb_release "$SRV/$d" "$codename" main "$([ $d = debian ] && echo Debian || echo Ubuntu)" "$([ $d = debian ] && echo Debian || echo Ubuntu)"
    deb_sign "$SRV/$d/dists/$codename" "$DEB_ARCHIVE_UID"
  done
  # Docker CE: /docker-ce/linux/{debian,ubuntu}/dists/CODENAME/{stable,test} (pool inside dists, as Docker's)
  for a in $DEB_DOCKER_DISTS; do
    IFS=: read -r d codename dist s <<< "$a"
    local R=$SRV/docker-ce/linux/$d
    for ch in stable test; do
      mkdir -p "$R/dists/$codename/pool/$ch/amd64"
      cp "$OUT/debs/$dist"/*.deb "$R/dists/$codename/pool/$ch/amd64/"
      deb_packages "$R" "dists/$codename/pool/$ch" "dists/$codename/$ch/binary-amd64"
    done
    deb_release "$R" "$codename" "stable test" Docker "Docker CE"
    deb_sign "$R/dists/$codename" "$KEY_UID"
    gpg --batch --armor --export "$KEY_UID" > "$R/gpg"
  done
  say "Debian/Ubuntu base archives and Docker CE apt repositories signed"
}

part_deb_build() {
  [ -n "${DEB_BASE_bookworm:-}" ] || deb_bases     # set by part_deb_repos (no second debootstrap under --force)
  local C=$OUT/debctx h repo tag flavor suite
  rm -rf "$C"; mkdir -p "$C/ctx/standins/usr/bin" "$C/ctx/standins/usr/sbin" "$C/ctx/standins/usr/local/sbin"
  cp "$HERE/deb/Dockerfile" "$C/"; cp "$HERE/deb/setup.sh" "$C/ctx/"
  for f in usr/bin/systemctl usr/bin/journalctl usr/sbin/sysctl usr/sbin/modprobe usr/sbin/lsmod usr/local/sbin/testfleet-init; do
    cp "$HERE/host/rootfs/$f" "$C/ctx/standins/$f"
  done
  gpg --batch --export "$DEB_ARCHIVE_UID" > "$C/ctx/archive.gpg"
  for h in $DEB_HOSTS; do
    IFS=: read -r repo tag flavor suite <<< "$h"
    local base=DEB_BASE_$suite variant=fresh archive=debian codename=$suite
    case $flavor in ubuntu2204) archive=ubuntu codename=jammy ;; ubuntu2404) archive=ubuntu codename=noble ;; esac
    case $tag in *-old-docker) variant=old-docker ;; esac
    # the base archive's index under the names apt gives it (mirror_ARCHIVE_dists_CODENAME_...)
    rm -rf "$C/ctx/lists" "$C/ctx/old"; mkdir -p "$C/ctx/lists"
    local M=$OUT/mctx/srv/$archive; [ -d "$M" ] || M=$SRV/$archive
    cp "$M/dists/$codename/InRelease" "$C/ctx/lists/mirror_${archive}_dists_${codename}_InRelease"
    cp "$M/dists/$codename/main/binary-amd64/Packages" "$C/ctx/lists/mirror_${archive}_dists_${codename}_main_binary-amd64_Packages"
    if [ $variant = old-docker ]; then
      mkdir -p "$C/ctx/old"; cp "$M/pool/$codename"/*.deb "$C/ctx/old/"
      (cd "$C/ctx/old" && apt-ftparchive packages . > Packages 2>/dev/null && apt-ftparchive release . > Release)
    fi
    docker build -q --build-arg BASE="${!base}" --build-arg FLAVOR=$flavor --build-arg VARIANT=$variant \
      --label "$LABEL=$HASH" -t "jprov-testfleet/$repo:$tag" "$C" > "$OUT/build-$repo-$tag.log" 2>&1 \
      || { tail -n 40 "$OUT/build-$repo-$tag.log" >&2; die "building jprov-testfleet/$repo:$tag failed"; }
    say "built jprov-testfleet/$repo:$tag"
  done
}
