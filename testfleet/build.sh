#!/bin/bash
# jprov test fleet: builds (or reuses) every image the integration tests need. Idempotent; run as root.
#   testfleet/build.sh            build what is missing or stale (cached by a content hash in each image's label)
#   testfleet/build.sh --force    rebuild everything
# Images: jprov-testfleet/base:<hash>, jprov-testfleet/mirror:latest,
#         jprov-testfleet/el7:fresh, jprov-testfleet/el7:old-docker, jprov-testfleet/el7:eol,
#         and those of the parts: el89/build-part.sh (EL8/EL9 hosts), deb/build-part.sh (Debian/Ubuntu hosts).
# Each part defines part_<name>_images (the image names it builds), part_<name>_repos (adds its repositories
# under $SRV before the mirror image is built) and part_<name>_build (builds its host images).
# Work files (RPMs, repo trees, test GPG key): $TESTFLEET_WORK (default /var/tmp/jprov-testfleet).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${TESTFLEET_WORK:-/var/tmp/jprov-testfleet}
FORCE=""; [ "${1:-}" = --force ] && FORCE=1
export DOCKER_BUILDKIT=0
LABEL=io.jprov.testfleet.hash
T0=$(date +%s.%N)
step_t=$T0
say() { printf '[testfleet %6.1fs] %s\n' "$(echo "$(date +%s.%N) - $T0" | bc)" "$*"; }
die() { echo "testfleet/build.sh: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "run as root (it installs packages and starts dockerd)"
command -v bc >/dev/null || { apt-get update -qq >/dev/null 2>&1 || true; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bc >/dev/null || die "cannot install bc"; }

# ---- 1. tools ----
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v rpmbuild >/dev/null || need+=(rpm)
command -v rpmsign >/dev/null || need+=(rpm)
command -v createrepo_c >/dev/null || need+=(createrepo-c)
command -v gpg >/dev/null || need+=(gnupg)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null || die "apt-get install ${need[*]} failed"
fi

# ---- 2. engine ----
if ! docker info >/dev/null 2>&1; then
  if ! pgrep -x dockerd >/dev/null; then
    say "starting dockerd"
    mkdir -p /var/log
    nohup dockerd >/var/log/dockerd.log 2>&1 &
  fi
  for i in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -n 20 /var/log/dockerd.log >&2 || true; die "the Docker engine could not be started (see /var/log/dockerd.log)"; }
fi
say "docker engine ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"

# containers left behind by a killed test JVM (Ryuk is disabled): remove the stopped ones
docker ps -a -q --filter label=io.jprov.testfleet.fleet --filter status=exited --filter status=created \
  | xargs -r docker rm -f >/dev/null 2>&1 || true

img_hash() { docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null || true; }
hash_files() { (cd "$HERE" && find "$@" -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16; }

# ---- 3. base image (debootstrap) ----
DEB_MIRROR=${TESTFLEET_DEBIAN_MIRROR:-$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | awk '{print $2}' | head -n 1 || true)}
DEB_MIRROR=${DEB_MIRROR:-http://deb.debian.org/debian}
# debootstrap_image SUITE PACKAGES REPOSITORY [VARIANT]: sets DB_HASH and DB_IMAGE (REPOSITORY:DB_HASH), built
# from $DEB_MIRROR when missing; other tags of REPOSITORY are removed (parts call it for their own bases)
debootstrap_image() {
  DB_HASH=$(echo "$1 $2 ${4:-v1}" | sha256sum | cut -c1-16)
  DB_IMAGE=$3:$DB_HASH
  if [ -z "$FORCE" ] && docker image inspect "$DB_IMAGE" >/dev/null 2>&1; then say "base image $DB_IMAGE cached"; return 0; fi
  say "debootstrap $1 from $DEB_MIRROR"
  rm -rf "$WORK/rootfs"; mkdir -p "$WORK"
  debootstrap --variant=minbase --include=$2 $1 "$WORK/rootfs" "$DEB_MIRROR" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -n 20 "$WORK/debootstrap.log" >&2; die "debootstrap failed (log: $WORK/debootstrap.log)"; }
  rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
  tar -C "$WORK/rootfs" -c . | docker import -c 'CMD ["/bin/bash"]' -c "LABEL $LABEL=$DB_HASH" - "$DB_IMAGE" >/dev/null
  rm -rf "$WORK/rootfs"
  say "base image $DB_IMAGE built"
  docker images --format '{{.Repository}}:{{.Tag}}' "$3" | grep -vx "$DB_IMAGE" | xargs -r docker rmi >/dev/null 2>&1 || true
}
debootstrap_image bookworm openssh-server,sudo,rpm,dnf,jq,busybox,procps,curl,passwd,login,xz-utils,dnsmasq-base jprov-testfleet/base
BASE_HASH=$DB_HASH BASE=$DB_IMAGE
# a clean Debian (no Java, no jprov): the .deb install test installs into it and the container image is built on it
# (docs/install.md); man-db and bash-completion so that `man jprov-apply` and `jprov <TAB>` can be tried after install
debootstrap_image bookworm man-db,bash-completion,openssh-client,ca-certificates jprov-testfleet/clean-base
docker tag "$DB_IMAGE" jprov-testfleet/clean:bookworm

# ---- 4. test GPG key ----
export GNUPGHOME=$WORK/gnupg
KEY_UID='jprov test fleet (test key, not for production) <testfleet@jprov.invalid>'
if [ ! -s "$GNUPGHOME/pubring.kbx" ] || ! gpg --batch --list-secret-keys "$KEY_UID" >/dev/null 2>&1; then
  rm -rf "$GNUPGHOME"; mkdir -p "$GNUPGHOME"; chmod 700 "$GNUPGHOME"
  gpg --batch --passphrase '' --quick-gen-key "$KEY_UID" rsa2048 sign never >/dev/null 2>&1 || die "gpg key generation failed"
  say "generated test GPG key"
fi
FPR=$(gpg --batch --with-colons --list-keys "$KEY_UID" 2>/dev/null | awk -F: '/^fpr/{print $10; exit}')
echo "$FPR" > "$WORK/test-key.fpr"     # the tests pin it (TestFleet.testKeyFingerprint())

# ---- 5. content hash over everything the mirror and hosts are made of ----
PARTS="el89 deb"
for p in $PARTS; do . "$HERE/$p/build-part.sh"; done
HASH=$( { echo "$BASE_HASH $FPR"; hash_files rpms host mirror build.sh $PARTS; } | sha256sum | cut -c1-16)
MIRROR=jprov-testfleet/mirror:latest
VARIANTS="fresh old-docker eol"
stale=""
[ "$(img_hash $MIRROR)" = "$HASH" ] || stale=1
for v in $VARIANTS; do [ "$(img_hash jprov-testfleet/el7:$v)" = "$HASH" ] || stale=1; done
for p in $PARTS; do for img in $("part_${p//-/_}_images"); do [ "$(img_hash "$img")" = "$HASH" ] || stale=1; done; done
if [ -z "$FORCE" ] && [ -z "$stale" ]; then
  say "mirror and host images cached (hash $HASH)"
  say "done"
  exit 0
fi

# ---- 6. RPMs + repositories ----
OUT=$WORK/build-$HASH
rm -rf "$WORK"/build-*; mkdir -p "$OUT"
"$HERE/rpms/build-rpms.sh" "$OUT" "$GNUPGHOME" "$KEY_UID" >/dev/null || die "building the test RPMs failed"
gpg --batch --armor --export "$KEY_UID" > "$OUT/RPM-GPG-KEY"
SRV=$OUT/mirror/srv
DCE=$SRV/docker-ce/linux/centos
mkdir -p "$DCE/7/x86_64/stable/Packages" "$DCE/7/x86_64/test/Packages" "$SRV/centos"
cp "$HERE/mirror/docker-ce.repo" "$DCE/docker-ce.repo"
cp "$OUT/RPM-GPG-KEY" "$DCE/gpg"
cp "$OUT/RPM-GPG-KEY" "$SRV/centos/RPM-GPG-KEY-CentOS-7"
cp "$OUT"/rpms/stable/*.rpm "$DCE/7/x86_64/stable/Packages/"
cp "$OUT"/rpms/stable/*.rpm "$DCE/7/x86_64/test/Packages/"
for r in os updates extras; do
  mkdir -p "$SRV/centos/7/$r/x86_64/Packages"
  cp "$OUT"/rpms/$r/*.rpm "$SRV/centos/7/$r/x86_64/Packages/"
done
for d in "$DCE/7/x86_64/stable" "$DCE/7/x86_64/test" "$SRV"/centos/7/*/x86_64; do
  createrepo_c -q --general-compress-type=gz --no-database "$d" >/dev/null || die "createrepo_c $d failed"
done
# a real docker-archive of a tiny image tagged hello-world:latest (for `docker load` tests and offline bundles)
mkdir -p "$OUT/hello"
printf '\nHello from Docker!\n' > "$OUT/hello/hello"
printf 'FROM scratch\nCOPY hello /hello\nCMD ["/hello"]\n' > "$OUT/hello/Dockerfile"
docker build -q -t jprov-testfleet/hello-world:latest "$OUT/hello" >/dev/null 2>&1 || die "building the hello-world archive failed"
docker tag jprov-testfleet/hello-world:latest hello-world:latest
mkdir -p "$SRV/images"
docker save -o "$SRV/images/hello-world.tar" hello-world:latest
docker rmi hello-world:latest >/dev/null 2>&1 || true
# a second tiny image whose container runs until stopped (the stand-in idles for every image but hello-world)
mkdir -p "$OUT/idle"
printf '#!/bin/sh\nexec sleep infinity\n' > "$OUT/idle/idle"
printf 'FROM scratch\nCOPY idle /idle\nCMD ["/idle"]\n' > "$OUT/idle/Dockerfile"
docker build -q -t jprov-testfleet/idle:latest "$OUT/idle" >/dev/null 2>&1 || die "building the idle archive failed"
docker save -o "$SRV/images/idle.tar" jprov-testfleet/idle:latest
# a registry's /v2/ answer (200 "{}", as a registry without auth), so http://mirror can serve as a registry mirror
mkdir -p "$SRV/v2" && echo '{}' > "$SRV/v2/index.html"
say "RPMs signed, repositories, hello-world and idle archives ready"
for p in $PARTS; do "part_${p}_repos"; done

# ---- 7. images ----
rm -rf "$OUT/mctx"; mkdir -p "$OUT/mctx"; cp "$HERE/mirror/Dockerfile" "$OUT/mctx/"; mv "$SRV" "$OUT/mctx/srv"
docker build -q --build-arg BASE="$BASE" --label "$LABEL=$HASH" -t "$MIRROR" "$OUT/mctx" >/dev/null 2>&1 || die "building $MIRROR failed"
say "built $MIRROR"
H=$OUT/hctx; rm -rf "$H"; mkdir -p "$H/rpms"
cp -a "$HERE/host/." "$H/"
cp -rL "$OUT/rpms/base" "$OUT/rpms/old" "$H/rpms/"
cp "$OUT/RPM-GPG-KEY" "$H/rpms/RPM-GPG-KEY-CentOS-7"
for v in $VARIANTS; do
  docker build -q --build-arg BASE="$BASE" --build-arg VARIANT="$v" --label "$LABEL=$HASH" \
    -t "jprov-testfleet/el7:$v" "$H" > "$OUT/build-$v.log" 2>&1 || { tail -n 40 "$OUT/build-$v.log" >&2; die "building jprov-testfleet/el7:$v failed"; }
  say "built jprov-testfleet/el7:$v"
done
for p in $PARTS; do "part_${p}_build"; done
docker image prune -f --filter "label=$LABEL" >/dev/null 2>&1 || true
say "done (hash $HASH)"
