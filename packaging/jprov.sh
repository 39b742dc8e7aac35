#!/bin/sh
# jprov launcher of the .deb and .rpm packages (docs/install.md): the bundled jlink runtime, the shaded jar and
# the AOT cache made when the package was built. Nothing here writes into the install: the cache is only read,
# and with -Xlog:aot=off -Xlog:cds=off a cache the JVM cannot use is skipped in silence (jprov then starts slower).
# JPROV_JAVA_OPTS adds JVM options (e.g. -Xlog:aot to see that the cache is used, or -Xmx2g for a big fleet).
lib=/usr/lib/jprov
# shellcheck disable=SC2086 # $JPROV_JAVA_OPTS is a word list
exec "$lib/runtime/bin/java" -XX:AOTCache="$lib/jprov.aot" -Xlog:aot=off -Xlog:cds=off \
  -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $JPROV_JAVA_OPTS \
  -Djprov.home=/usr/share/jprov -jar "$lib/jprov.jar" "$@"
