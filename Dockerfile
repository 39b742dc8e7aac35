# jprov as a container image for CI (docs/ci.md, "Container image"): the self-contained .deb (its own jlink
# runtime, the playbooks and templates, an AOT cache made at build time) installed on a Debian base; no Java or
# registry access needed. Build it with packaging/image.sh, or by hand after `mvn -B -Ppackages -DskipTests package`:
#
#   docker build -t jprov:0.1.0 .                                      # BASE defaults to debian:bookworm-slim
#   docker build --build-arg BASE=jprov-testfleet/clean:bookworm -t jprov:0.1.0 .   # any local Debian 12 image
#
# Works with the classic builder (DOCKER_BUILDKIT=0): multi-stage, no BuildKit-only syntax. The context is the
# checkout; .dockerignore sends only the package.
ARG BASE=debian:bookworm-slim

# Stage 1: install the package with dpkg alone (it depends on nothing a Debian base lacks, so no apt index or
# network is needed), then gather what it installed and dpkg's record of it. The image gets only that, not a layer
# holding the .deb as well (the classic builder cannot mount it into a RUN). Listed files that are not there were
# left out by the base's dpkg configuration (debian:bookworm-slim drops /usr/share/man and most of /usr/share/doc).
FROM ${BASE} AS install
COPY provisioner/target/packages/jprov-*.deb /tmp/jprov/
RUN set -eu; \
    set -- /tmp/jprov/jprov-*.deb; \
    if [ "$#" -ne 1 ]; then \
      echo "Dockerfile: expected one provisioner/target/packages/jprov-*.deb, found: $*" >&2; exit 1; \
    fi; \
    dpkg -i "$1"; \
    mkdir /installed; \
    { dpkg-query -L jprov; echo /var/lib/dpkg/status; ls -d /var/lib/dpkg/info/jprov.*; } \
      | while IFS= read -r p; do \
          if [ "$p" != /. ] && { [ -e "$p" ] || [ -h "$p" ]; }; then echo "${p#/}"; fi; \
        done \
      | tar -C / -cf - --no-recursion -T - | tar -C /installed -xf -

# Stage 2: the base plus the installed package (dpkg -s jprov knows it: stage 1 had the same base).
FROM ${BASE}
COPY --from=install /installed/ /

# Every uid gets the same home. Docker gives a uid without a passwd entry HOME=/, and Java takes user.home from
# $HOME only for such a uid (root's comes from /etc/passwd: /root too), so jprov would look for /.ssh. /root is
# sticky and world-writable like /tmp, so that such a uid can read a ~/.ssh mounted there and, with nothing
# mounted, record host keys (host_key_checking: accept-new).
ENV HOME=/root

# The AOT cache shipped read-only in the package must be usable here: -XX:AOTMode=on makes the JVM fail instead
# of silently starting without it. Checked as root and as a uid without a passwd entry (what `--user 4321` is).
RUN chmod 1777 /root \
    && mkdir -p /work \
    && JPROV_JAVA_OPTS=-XX:AOTMode=on jprov version \
    && JPROV_JAVA_OPTS=-XX:AOTMode=on setpriv --reuid=4321 --regid=4321 --clear-groups jprov version >/dev/null

WORKDIR /work

# A hash of the build's inputs (packaging/image.sh computes it): lets a test or a script see that an image is
# current without building again. Declared last, so that a new hash alone rebuilds no earlier step.
ARG INPUTS=unknown
ARG VERSION=unknown
LABEL org.opencontainers.image.title="jprov" \
      org.opencontainers.image.description="Provisions hosts over SSH from a declarative YAML inventory" \
      org.opencontainers.image.version="${VERSION}" \
      io.jprov.image.inputs="${INPUTS}"

ENTRYPOINT ["jprov"]
CMD ["--help"]
