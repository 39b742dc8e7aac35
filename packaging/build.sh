#!/usr/bin/env bash
# Builds the self-contained jprov packages (docs/install.md): a jlink runtime, the install tree staged under
# provisioner/target/packages/root/, an AOT cache made at build time, then jprov-<version>.deb and jprov-<version>.rpm
# in provisioner/target/packages/.
#
#   packaging/build.sh [JAR]        JAR defaults to provisioner/target/jprov.jar (the shaded jar)
#
# Run by `mvn -B -Ppackages -DskipTests package` after the shade plugin. Environment:
#   JPROV_JLINK_JDK     the JDK whose jlink/jdeps make the runtime (default: the Temurin 25 JDK)
#   JPROV_VERSION       the package version (default: the Maven project version without -SNAPSHOT)
#   JPROV_EXTRA_MODULES modules added to what jdeps finds (default: jdk.crypto.ec, for SSH's EC keys)
#   JPROV_PKG_COMPRESS  gzip (default: fast on a small build machine) or xz (about 10 % smaller, several times slower);
#                       EL7's rpm 4.11 and every dpkg read both
# The runtime is cached under provisioner/target/jlink-cache/ by JDK, module list and options: a rebuild after a
# code change only restages, retrains the AOT cache and repacks.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
jar=$(readlink -f "${1:-$top/provisioner/target/jprov.jar}")
target=$(dirname "$jar")
out="$target/packages"
root="$out/root"
jdk=${JPROV_JLINK_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
extra=${JPROV_EXTRA_MODULES-jdk.crypto.ec}
max_glibc=2.17 # EL7's: the oldest platform the package installs on
compress=${JPROV_PKG_COMPRESS:-gzip}
case $compress in
  gzip) deb_z=(-Zgzip -z6); rpm_payload=w6.gzdio ;;
  xz) deb_z=(-Zxz -z6); rpm_payload=w6.xzdio ;;
  *) echo "packaging/build.sh: JPROV_PKG_COMPRESS: expected gzip or xz, found $compress" >&2; exit 2 ;;
esac

die() { echo "packaging/build.sh: $*" >&2; exit 1; }
say() { echo "packaging/build.sh: $*" >&2; }

[ -f "$jar" ] || die "no jar at $jar: run 'mvn -B -DskipTests package' first"
for tool in jlink jdeps java; do
  [ -x "$jdk/bin/$tool" ] || die "no $tool in $jdk: install a JDK 25 there or set JPROV_JLINK_JDK"
done
jdk_major=$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
[ "${jdk_major:-0}" -ge 25 ] 2>/dev/null || die "$jdk is Java ${jdk_major:-?}: the AOT cache needs Java 25 or newer"
for tool in objdump dpkg-deb rpmbuild gzip; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found (Debian packages: binutils, dpkg, rpm, gzip)"
done

version=${JPROV_VERSION:-}
if [ -z "$version" ]; then
  # the parent POM's own <version> (the first one after its artifactId)
  version=$(sed -n '/<artifactId>jprov-parent<\/artifactId>/,/<version>/s:.*<version>\(.*\)</version>.*:\1:p' \
    "$top/pom.xml" | head -1)
fi
version=${version%-SNAPSHOT}
[ -n "$version" ] || die "cannot tell the version from $top/pom.xml; set JPROV_VERSION"

# --- the runtime: the modules jdeps finds in the jar, plus the extras; cached by jar digest / JDK / options --------
mkdir -p "$target/jlink-cache"
jar_sum=$(sha256sum "$jar" | cut -c1-16)
modfile="$target/jlink-cache/modules-$jar_sum"
if [ ! -s "$modfile" ]; then
  say "jdeps: finding the modules jprov.jar uses"
  rm -f "$target"/jlink-cache/modules-*
  "$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release "$jdk_major" "$jar" > "$modfile.tmp"
  mv "$modfile.tmp" "$modfile"
fi
modules=$(tr -d '[:space:]' < "$modfile")
[ -n "$extra" ] && modules="$modules,$extra"
# java.desktop comes for java.beans (FreeMarker, SnakeYAML); its X11 and sound libraries would make the package
# depend on libX11/libasound for code jprov never runs, so they are left out of the image.
jlink_opts=(--strip-debug --no-header-files --no-man-pages --compress zip-6
  "--exclude-files=**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so")
jdk_release=$(sed -n 's/^JAVA_RUNTIME_VERSION=//p' "$jdk/release" | tr -d '"')
runtime_key=$(printf '%s\n' "$jdk" "$jdk_release" "$modules" "${jlink_opts[*]}" | sha256sum | cut -c1-16)
runtime="$target/jlink-cache/runtime-$runtime_key"
if [ ! -x "$runtime/bin/java" ]; then
  say "jlink: a runtime of $modules from $jdk ($jdk_release)"
  rm -rf "$target"/jlink-cache/runtime-*
  "$jdk/bin/jlink" --add-modules "$modules" "${jlink_opts[@]}" --output "$runtime.tmp"
  mv "$runtime.tmp" "$runtime"
else
  say "jlink: cached runtime $runtime"
fi

# --- refuse a runtime that EL7's glibc cannot load ------------------------------------------------------------------
# jnr-posix's libjffi for x86_64 Linux sits in the jar and is unpacked at run time: checked with the runtime
natives="$target/jlink-cache/jar-natives"
rm -rf "$natives"
mkdir -p "$natives"
(cd "$natives" && "$jdk/bin/jar" xf "$jar" jni/x86_64-Linux)
newest=""
while IFS= read -r -d '' f; do
  v=$(objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1 || true)
  [ -n "$v" ] || continue
  if [ "$(printf '%s\n%s\n' "$v" "$max_glibc" | sort -V | tail -1)" != "$max_glibc" ]; then
    die "$f needs glibc $v, newer than $max_glibc (EL7): build the runtime from a JDK built for glibc $max_glibc" \
      "(set JPROV_JLINK_JDK)"
  fi
  if [ -z "$newest" ] || [ "$(printf '%s\n%s\n' "$v" "$newest" | sort -V | tail -1)" = "$v" ]; then
    newest=$v
  fi
done < <(find "$runtime" "$natives" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0)
say "runtime and the jar's native library: newest glibc symbol version $newest (limit $max_glibc)"
# the shared libraries the runtime links beyond glibc's own: each becomes a package dependency, so there must be none
needed=$(find "$runtime" "$natives" -type f \( -name '*.so' -o -path '*/bin/*' \) -exec objdump -p {} \; 2>/dev/null \
  | awk '/NEEDED/ {print $2}' | sort -u \
  | grep -v -E '^(libc|libm|libdl|libpthread|librt|ld-linux-x86-64)\.so|^lib(java|jvm|jli|net|nio|awt|awt_headless|freetype|jimage|verify|zip|management|j2gss|prefs|rmi|syslookup|simdsort|mlib_image|javajpeg|lcms|fontmanager)\.so$' \
  || true)
[ -z "$needed" ] || die "the runtime needs libraries outside glibc: $(echo "$needed" | tr '\n' ' ')"

# --- the install tree (a contract: the container image is built from it via the .deb) ----------------------------
say "staging $root"
rm -rf "$root"
mkdir -p "$root/usr/bin" "$root/usr/lib/jprov" "$root/usr/share/jprov" "$root/usr/share/doc/jprov"
cp -a "$runtime" "$root/usr/lib/jprov/runtime"
cp -p "$jar" "$root/usr/lib/jprov/jprov.jar"
install -m 0755 "$here/jprov.sh" "$root/usr/bin/jprov"
cp -a "$top/playbooks" "$top/templates" "$root/usr/share/jprov/"
# bundle fetch reads its default request files from <home>/runtime-bundle (cli/BundleCommand)
mkdir -p "$root/usr/share/jprov/runtime-bundle"
cp -p "$top"/runtime-bundle/*.yml "$top/runtime-bundle/README.md" "$root/usr/share/jprov/runtime-bundle/"
install -m 0644 "$top/inventory.example.yml" "$top/README.md" "$here/copyright" "$root/usr/share/doc/jprov/"

# man pages and completion, generated from the picocli model by packaging/gen-docs.sh
if [ -x "$here/gen-docs.sh" ]; then
  docs="$out/docs"
  rm -rf "$docs"
  say "gen-docs.sh: man pages and completion"
  "$here/gen-docs.sh" "$jar" "$docs"
  mkdir -p "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" \
    "$root/usr/share/zsh/vendor-completions"
  for page in "$docs"/man/man1/*.1; do
    gzip -9nc "$page" > "$root/usr/share/man/man1/$(basename "$page").gz"
  done
  install -m 0644 "$docs/completion/bash/jprov" "$root/usr/share/bash-completion/completions/jprov"
  install -m 0644 "$docs/completion/zsh/_jprov" "$root/usr/share/zsh/vendor-completions/_jprov"
else
  say "WARNING: packaging/gen-docs.sh is missing: the packages have no man pages and no completion"
fi
find "$root" -type d -exec chmod 0755 {} +
chmod -R go-w,a+rX "$root"

# --- the AOT cache (Java 25, JEP 483/514): made now with the staged runtime, shipped read-only ---------------------
# Same JVM options as the launcher (a cache only serves the options it was made with); the training run is what
# `jprov inventory --list` loads: YAML, the inventory, JSON, the CLI.
java_opts=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow)   # as packaging/jprov.sh
aot="$root/usr/lib/jprov/jprov.aot"
say "AOT cache: training run"
"$root/usr/lib/jprov/runtime/bin/java" -XX:AOTCacheOutput="$aot" -Xlog:aot=off -Xlog:cds=off "${java_opts[@]}" \
  -Djprov.home="$root/usr/share/jprov" -jar "$root/usr/lib/jprov/jprov.jar" \
  inventory -i "$root/usr/share/doc/jprov/inventory.example.yml" --list </dev/null >/dev/null 2>"$out/aot-train.log" \
  || { cat "$out/aot-train.log" >&2; die "the AOT training run (jprov inventory --list) failed (above)"; }
[ -s "$aot" ] || die "the training run made no AOT cache"
rm -f "$aot.config"
chmod 0644 "$aot"
# The cache must be usable where the package puts it: check it from a copy of the tree at another path, as an
# install is (-XX:AOTMode=on fails when the JVM cannot map the cache).
check="$out/aot-check"
rm -rf "$check"
mkdir -p "$check"
cp -a "$root/usr" "$check/"
if ! "$check/usr/lib/jprov/runtime/bin/java" -XX:AOTCache="$check/usr/lib/jprov/jprov.aot" -XX:AOTMode=on \
    "${java_opts[@]}" -Djprov.home="$check/usr/share/jprov" -jar "$check/usr/lib/jprov/jprov.jar" version \
    > "$out/aot-check.log" 2>&1; then
  cat "$out/aot-check.log" >&2
  die "the AOT cache is not usable from a copy of the install tree (above)"
fi
rm -rf "$check"
say "AOT cache: $(du -h "$aot" | cut -f1), usable"

# --- .deb -----------------------------------------------------------------------------------------------------------
deb_tree="$out/deb"
rm -rf "$deb_tree"
cp -al "$root" "$deb_tree"
mkdir -p "$deb_tree/DEBIAN"
installed_kb=$(du -sk --exclude=DEBIAN "$deb_tree" | cut -f1)
cat > "$deb_tree/DEBIAN/control" <<CONTROL
Package: jprov
Version: $version
Architecture: amd64
Maintainer: jprov maintainers <jprov@localhost>
Installed-Size: $installed_kb
Depends: libc6 (>= 2.17)
Section: admin
Priority: optional
Description: provision Docker CE on fleets of hosts over SSH
 jprov provisions CentOS 7, EL8/EL9, Debian and Ubuntu hosts over SSH from a
 declarative YAML inventory, leaving each with a working, verified Docker CE.
 This package is self-contained: it brings its own Java runtime (jlink) and
 an AOT cache made at build time, so no Java is needed on the machine.
CONTROL
(cd "$deb_tree" && find usr -type f -exec md5sum {} + | sort -k2) > "$deb_tree/DEBIAN/md5sums"
chmod 0644 "$deb_tree/DEBIAN/control" "$deb_tree/DEBIAN/md5sums"
deb="$out/jprov-$version.deb"
rm -f "$deb"
dpkg-deb --root-owner-group "${deb_z[@]}" --build "$deb_tree" "$deb" >/dev/null
rm -rf "$deb_tree"
say "built $deb ($(du -h "$deb" | cut -f1))"

# --- .rpm: a binary payload of the staged tree; EL7's rpm 4.11 reads gzip/xz payloads and SHA-256 file digests ---
rpmtop="$out/rpmbuild"
rm -rf "$rpmtop"
mkdir -p "$rpmtop"/{BUILD,BUILDROOT,RPMS,SPECS,SOURCES,SRPMS}
spec="$rpmtop/SPECS/jprov.spec"
{
  cat <<SPEC
Name: jprov
Version: $version
Release: 1
Summary: Provision Docker CE on fleets of hosts over SSH
License: see /usr/share/doc/jprov/copyright
BuildArch: x86_64
# the runtime is self-contained: its only outside need is glibc (checked at build time: at most GLIBC_$max_glibc)
AutoReqProv: no
Requires: glibc >= $max_glibc
Requires: /bin/sh
%global debug_package %{nil}
%global __os_install_post %{nil}
%global _build_id_links none
%global _binary_payload $rpm_payload
%global _binary_filedigest_algorithm 8

%description
jprov provisions CentOS 7, EL8/EL9, Debian and Ubuntu hosts over SSH from a
declarative YAML inventory, leaving each with a working, verified Docker CE.
This package is self-contained: it brings its own Java runtime (jlink) and an
AOT cache made at build time, so no Java is needed on the machine.

%install
mkdir -p %{buildroot}
cp -a $root/. %{buildroot}/
# zsh on EL reads site-functions; vendor-completions is Debian's directory
if [ -f %{buildroot}/usr/share/zsh/vendor-completions/_jprov ]; then
  mkdir -p %{buildroot}/usr/share/zsh/site-functions
  mv %{buildroot}/usr/share/zsh/vendor-completions/_jprov %{buildroot}/usr/share/zsh/site-functions/_jprov
  rmdir %{buildroot}/usr/share/zsh/vendor-completions
fi

%files
%defattr(-,root,root,-)
/usr/bin/jprov
/usr/lib/jprov
/usr/share/jprov
/usr/share/doc/jprov
SPEC
  if [ -d "$root/usr/share/man/man1" ]; then
    for page in "$root"/usr/share/man/man1/*; do
      echo "/usr/share/man/man1/$(basename "$page")"
    done
    # co-owned directories (as Fedora's guidelines allow without requiring bash-completion or zsh): made by this
    # package where those are not installed, so `rpm -e` must take them away again
    echo "%dir /usr/share/bash-completion"
    echo "%dir /usr/share/bash-completion/completions"
    echo "/usr/share/bash-completion/completions/jprov"
    echo "%dir /usr/share/zsh"
    echo "%dir /usr/share/zsh/site-functions"
    echo "/usr/share/zsh/site-functions/_jprov"
  fi
} > "$spec"
say "rpmbuild"
rpmbuild --quiet -bb --define "_topdir $rpmtop" --define "_tmppath $rpmtop/tmp" \
  --define "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm" "$spec" >"$rpmtop/rpmbuild.log" 2>&1 \
  || { cat "$rpmtop/rpmbuild.log" >&2; die "rpmbuild failed (above)"; }
rpm_file="$out/jprov-$version.rpm"
mv -f "$rpmtop/RPMS/jprov-$version-1.x86_64.rpm" "$rpm_file"
rm -rf "$rpmtop/BUILDROOT" "$rpmtop/BUILD"
say "built $rpm_file ($(du -h "$rpm_file" | cut -f1))"
