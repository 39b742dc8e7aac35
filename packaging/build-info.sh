#!/bin/sh
# Writes the build-info.properties that `jprov version` reads (io.jprov.Version): the version (the Maven project
# version without -SNAPSHOT) and the git commit the build was made from, with -dirty when tracked files differ
# from it, or `unknown` outside a git checkout (a source tarball, no git installed).
#   packaging/build-info.sh OUTFILE MAVEN_VERSION
set -eu
out=$1
version=${2%-SNAPSHOT}
top=$(cd "$(dirname "$0")/.." && pwd)
commit=unknown
if command -v git >/dev/null 2>&1 && sha=$(git -C "$top" rev-parse --verify -q HEAD 2>/dev/null); then
  commit=$sha
  if [ -n "$(git -C "$top" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
    commit="$commit-dirty"
  fi
fi
mkdir -p "$(dirname "$out")"
new="version=$version
commit=$commit"
# rewritten only when it changes, so an unchanged tree keeps its timestamps
if [ ! -f "$out" ] || [ "$(cat "$out")" != "$new" ]; then
  printf '%s\n' "$new" > "$out"
fi
