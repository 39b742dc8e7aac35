#!/bin/sh
# Builds the container image jprov:<version> and jprov:latest (Dockerfile; docs/ci.md, "Container image") from the
# .deb that `mvn -Ppackages` makes, and prints the image reference on stdout (what it did goes to stderr).
#
#   packaging/image.sh            build the package first if it is missing or older than its sources, then the image
#   packaging/image.sh --force    build the image even when the one there is current
#
# Environment:
#   JPROV_IMAGE_BASE     the Debian 12 base image; default: the local jprov-testfleet/clean:bookworm when there is
#                        one (no registry needed), else debian:bookworm-slim (pulled by docker when missing)
#   JPROV_IMAGE_NAME     repository name of the image (default jprov)
#   JPROV_IMAGE_PACKAGE  auto (default): build a missing or stale package with Maven; never: require it (tests,
#                        a CI job that has just built it) and fail with the command that makes it
#   JPROV_MVN_ARGS       extra Maven arguments for the package build (e.g. -o)
#
# The image is labelled io.jprov.image.inputs=<sha256 of the package, the Dockerfile, .dockerignore and the base
# image>; when jprov:<version> already carries the label of the current inputs nothing is built.
set -eu
cd "$(dirname "$0")/.."

force=false
for arg in "$@"; do
  case $arg in
    --force) force=true ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "image.sh: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "image.sh: $*" >&2; }
die() { say "$*"; exit 1; }

# The version of the build, without -SNAPSHOT: what the package's file name carries (jprov-0.1.0.deb).
version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)
version=${version%-SNAPSHOT}
[ -n "$version" ] || die "cannot read the version from pom.xml"
name=${JPROV_IMAGE_NAME:-jprov}
deb=provisioner/target/packages/jprov-$version.deb
build_cmd="mvn -B -q -Ppackages -DskipTests package"

# A package older than any of its sources is stale (the image script itself is not one of them).
stale() {
  find pom.xml provisioner/pom.xml provisioner/src/main playbooks templates inventory.example.yml packaging \
    -type f ! -path packaging/image.sh -newer "$deb" -print 2>/dev/null | head -n 1
}
why=""
if [ ! -f "$deb" ]; then
  why="$deb is missing"
else
  newer=$(stale)
  [ -z "$newer" ] || why="$deb is older than $newer"
fi
if [ -n "$why" ]; then
  if [ "${JPROV_IMAGE_PACKAGE:-auto}" = never ]; then
    die "$why; build it with: $build_cmd"
  fi
  say "$why: $build_cmd ${JPROV_MVN_ARGS:-}"
  # shellcheck disable=SC2086 # JPROV_MVN_ARGS is a word list
  mvn -B -q -Ppackages -DskipTests ${JPROV_MVN_ARGS:-} package >&2
  [ -f "$deb" ] || die "the package build made no $deb"
fi

command -v docker >/dev/null 2>&1 || die "no docker command: install Docker (docker.io) to build the image"
docker info >/dev/null 2>&1 || die "no Docker engine answers (is dockerd running, may this user use it?)"

if [ -n "${JPROV_IMAGE_BASE:-}" ]; then
  base=$JPROV_IMAGE_BASE
elif docker image inspect jprov-testfleet/clean:bookworm >/dev/null 2>&1; then
  base=jprov-testfleet/clean:bookworm
else
  base=debian:bookworm-slim
fi
# A local base is pinned by its image id, so that rebuilding it makes the image stale too.
base_id=$(docker image inspect -f '{{.Id}}' "$base" 2>/dev/null || echo "$base")

inputs=$(
  {
    echo "version $version"
    echo "base $base $base_id"
    for f in "$deb" Dockerfile .dockerignore; do
      echo "$f $(sha256sum < "$f" | cut -d' ' -f1)"
    done
  } | sha256sum | cut -d' ' -f1
)

current=$(docker image inspect -f '{{index .Config.Labels "io.jprov.image.inputs"}}' "$name:$version" 2>/dev/null || :)
if [ "$force" = false ] && [ "$current" = "$inputs" ]; then
  # still make :latest point at it (another build may have moved the tag)
  docker tag "$name:$version" "$name:latest"
  say "$name:$version is current (inputs $inputs)"
  echo "$name:$version"
  exit 0
fi

# The classic builder when BuildKit's buildx plugin is absent (Debian's docker.io has none): the Dockerfile needs
# nothing else, and a docker CLI without buildx would only warn before falling back to it.
if [ -z "${DOCKER_BUILDKIT:-}" ] && ! docker buildx version >/dev/null 2>&1; then
  export DOCKER_BUILDKIT=0
fi
say "building $name:$version from $deb on $base"
docker build --build-arg BASE="$base" --build-arg VERSION="$version" --build-arg INPUTS="$inputs" \
  -t "$name:$version" -t "$name:latest" . >&2
size=$(docker image inspect -f '{{.Size}}' "$name:$version")
say "built $name:$version and $name:latest ($((size / 1000000)) MB, inputs $inputs)"
echo "$name:$version"
