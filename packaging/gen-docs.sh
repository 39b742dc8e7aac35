#!/usr/bin/env bash
# gen-docs.sh JAR OUTDIR — the man pages and the bash/zsh completion of jprov, generated from its
# command tree (docs/completion.md), so they say what --help says:
#   OUTDIR/man/man1/jprov.1, jprov-apply.1, jprov-report-merge.1, … (one page per command)
#   OUTDIR/completion/bash/jprov    (for /usr/share/bash-completion/completions/)
#   OUTDIR/completion/zsh/_jprov    (for a directory of $fpath, e.g. /usr/share/zsh/vendor-completions/)
# JAR is jprov's shaded jar (or any class path holding jprov and picocli).
# Needs: java (17+), asciidoctor, and picocli-codegen of jprov's picocli version, taken from
# $PICOCLI_CODEGEN_JAR or the local Maven repository (a Maven build of provisioner/ fetches it).
set -euo pipefail

die() { echo "gen-docs.sh: $*" >&2; exit 1; }

[ $# -eq 2 ] || die "usage: gen-docs.sh JAR OUTDIR"
jar=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)

command -v java >/dev/null || die "java not found on PATH"
command -v asciidoctor >/dev/null \
  || die "asciidoctor not found: the man pages are converted with it (Debian: apt-get install asciidoctor)"
for part in ${jar//:/ }; do
  [ -e "$part" ] || die "$part: no such file (build the jar first: mvn -B package -DskipTests)"
done

codegen=${PICOCLI_CODEGEN_JAR:-}
if [ -z "$codegen" ]; then
  version=$(sed -n 's:.*<picocli.version>\(.*\)</picocli.version>.*:\1:p' "$here/../pom.xml" | head -1)
  [ -n "$version" ] || die "$here/../pom.xml: no <picocli.version> property"
  repo=${MAVEN_REPO:-$HOME/.m2/repository}
  codegen=$repo/info/picocli/picocli-codegen/$version/picocli-codegen-$version.jar
fi
[ -f "$codegen" ] || die "$codegen: not found (a Maven build of provisioner/ fetches it, or: mvn dependency:get -Dartifact=info.picocli:picocli-codegen:${version:-VERSION})"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# AsciiDoc of every (non-hidden) command, then roff
java -cp "$jar:$codegen" "$here/ManPages.java" "$work/adoc" >/dev/null \
  || die "generating the man page sources failed"
mkdir -p "$out/man/man1"
# no page left over from a command that is gone
rm -f "$out"/man/man1/jprov.1 "$out"/man/man1/jprov-*.1
# picocli names the manual after the capitalised command ("Jprov Manual"); an attribute given here wins over the page's
asciidoctor -b manpage -a manmanual="jprov manual" -D "$out/man/man1" --failure-level WARN "$work"/adoc/*.adoc \
  || die "asciidoctor failed"
ls "$out"/man/man1/jprov.1 >/dev/null

# completion, printed by jprov's hidden __complete command from the same tree
mkdir -p "$out/completion/bash" "$out/completion/zsh"
java -cp "$jar" io.jprov.Main __complete bash >"$out/completion/bash/jprov" || die "bash completion failed"
java -cp "$jar" io.jprov.Main __complete zsh >"$out/completion/zsh/_jprov" || die "zsh completion failed"
[ -s "$out/completion/bash/jprov" ] && [ -s "$out/completion/zsh/_jprov" ] || die "empty completion script"

echo "gen-docs.sh: $(ls "$out/man/man1" | wc -l) man pages in $out/man/man1, completion in $out/completion"
