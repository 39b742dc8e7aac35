#!/bin/sh
# jprov launcher of the .deb and .rpm packages (docs/install.md): the bundled jlink runtime, the shaded jar and
# the AOT cache made when the package was built. Nothing here writes into the install: the cache is only read,
# and with -Xlog:aot=off -Xlog:cds=off a cache the JVM cannot use is skipped in silence (jprov then starts slower).
# jnr-posix (the local transport, owner-only files) loads a native library and uses sun.misc.Unsafe: the jar's
# manifest enables native access (Enable-Native-Access: ALL-UNNAMED) and --sun-misc-unsafe-memory-access=allow keeps
# Java 25 from printing its warnings on every run (the option goes with the AOT cache; a native-access flag would not).
# JPROV_JAVA_OPTS adds JVM options (e.g. -Xlog:aot to see that the cache is used, or -Xmx2g for a big fleet).
lib=/usr/lib/jprov
# shellcheck disable=SC2086 # $JPROV_JAVA_OPTS is a word list
exec "$lib/runtime/bin/java" -XX:AOTCache="$lib/jprov.aot" -Xlog:aot=off -Xlog:cds=off \
  -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --sun-misc-unsafe-memory-access=allow $JPROV_JAVA_OPTS \
  -Djprov.home=/usr/share/jprov -jar "$lib/jprov.jar" "$@"
