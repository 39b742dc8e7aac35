# testfleet/build.sh part "el89" (sourced by build.sh; see its header). Not run on its own.
# EL8/EL9 hosts: the EL7 host recipe (testfleet/host: Dockerfile, setup.sh, rootfs stand-ins) with FAMILY=el8|el9,
# which adds setup-el89.sh: real dnf 4 (Debian's) on the PATH, `yum` -> dnf, Rocky/RHEL/Alma identity, repo files
# on the test mirror. Test RPMs: rpms/packages.txt lines for el8/el9 (build-rpms.sh DIST=el8|el9); dnf's real
# plugins come from Debian's dnf-plugins-core package, repackaged as EL's python3-dnf-plugins-core and
# python3-dnf-plugin-versionlock.
EL89_IMAGES="el9:rocky el9:rocky-podman el9:rhel el9:centos-stream el8:alma"

part_el89_images() { local i; for i in $EL89_IMAGES; do echo "jprov-testfleet/$i"; done; }

# Debian's dnf-plugins-core .deb, downloaded once into $WORK/debs with apt (the build machine's Debian sources)
el89_plugins_deb() {
  local d=$WORK/debs f
  f=$(ls "$d"/dnf-plugins-core_*_all.deb 2>/dev/null | head -n 1 || true)
  if [ -z "$f" ]; then
    mkdir -p "$d"
    (cd "$d" && { apt-get download dnf-plugins-core >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1; apt-get download dnf-plugins-core >/dev/null 2>&1; }; }) \
      || die "cannot download Debian's dnf-plugins-core (apt-get download dnf-plugins-core)"
    f=$(ls "$d"/dnf-plugins-core_*_all.deb | head -n 1)
  fi
  echo "$f"
}

# payload directories for build-rpms.sh (PAYLOAD_EXTRA): dnf-plugins-core (dnfpluginscore + the core plugins),
# dnf-versionlock (versionlock.py + /etc/dnf/plugins/versionlock.{conf,list})
el89_payloads() {
  local x=$OUT/el89-deb p=$OUT/el89-payload py=usr/lib/python3/dist-packages
  rm -rf "$x" "$p"; mkdir -p "$x"
  dpkg-deb -x "$(el89_plugins_deb)" "$x" || die "cannot unpack dnf-plugins-core"
  mkdir -p "$p/dnf-plugins-core/$py/dnf-plugins" "$p/dnf-plugins-core/etc/dnf/plugins" \
           "$p/dnf-versionlock/$py/dnf-plugins" "$p/dnf-versionlock/etc/dnf/plugins"
  cp -a "$x/$py/dnfpluginscore" "$p/dnf-plugins-core/$py/"
  local f
  for f in builddep config_manager copr debug debuginfo-install download generate_completion_cache \
           groups_manager needs_restarting repoclosure repodiff repograph repomanage reposync; do
    [ -f "$x/$py/dnf-plugins/$f.py" ] && cp "$x/$py/dnf-plugins/$f.py" "$p/dnf-plugins-core/$py/dnf-plugins/"
  done
  cp "$x"/etc/dnf/plugins/{copr.conf,debuginfo-install.conf} "$p/dnf-plugins-core/etc/dnf/plugins/"
  cp "$x/$py/dnf-plugins/versionlock.py" "$p/dnf-versionlock/$py/dnf-plugins/"
  cp "$x"/etc/dnf/plugins/versionlock.{conf,list} "$p/dnf-versionlock/etc/dnf/plugins/"
}

part_el89_repos() {
  el89_payloads
  local m d ch tree
  for m in 8 9; do
    PAYLOAD_EXTRA=$OUT/el89-payload "$HERE/rpms/build-rpms.sh" "$OUT/el$m" "$GNUPGHOME" "$KEY_UID" "el$m" >/dev/null \
      || die "building the el$m test RPMs failed"
    for r in BaseOS AppStream; do
      mkdir -p "$SRV/el/$m/$r/x86_64/os/Packages"
      cp "$OUT/el$m/rpms/$r"/*.rpm "$SRV/el/$m/$r/x86_64/os/Packages/"
    done
    for tree in centos/$m/x86_64/stable centos/$m/x86_64/test rhel/$m/x86_64/stable; do
      mkdir -p "$SRV/docker-ce/linux/$tree/Packages"
      cp "$OUT/el$m/rpms/stable"/*.rpm "$SRV/docker-ce/linux/$tree/Packages/"
    done
  done
  # the minor-release directories real mirrors carry ($releasever 9.4 on a pinned Rocky host); Docker's trees
  # have only the major version, so $releasever there gives 404
  ln -s 9 "$SRV/el/9.4"; ln -s 8 "$SRV/el/8.10"
  cp "$OUT/RPM-GPG-KEY" "$SRV/el/RPM-GPG-KEY-testfleet"
  mkdir -p "$SRV/docker-ce/linux/rhel"
  cp "$OUT/RPM-GPG-KEY" "$SRV/docker-ce/linux/rhel/gpg"
  sed 's#/linux/centos/#/linux/rhel/#g' "$HERE/mirror/docker-ce.repo" > "$SRV/docker-ce/linux/rhel/docker-ce.repo"
  for d in "$SRV"/el/[89]/*/x86_64/os "$SRV"/docker-ce/linux/{centos,rhel}/[89]/x86_64/*; do
    createrepo_c -q --general-compress-type=gz --no-database "$d" >/dev/null || die "createrepo_c $d failed"
  done
  say "el8/el9 RPMs signed, BaseOS/AppStream and Docker CE el8/el9 repositories ready"
}

part_el89_build() {
  local fam C g v img
  for fam in el9 el8; do
    C=$OUT/el89ctx-$fam; rm -rf "$C"; mkdir -p "$C/rpms"
    # the EL7 host recipe, minus its EL7-only bits (yum wrapper, CentOS vars and repos, 00-system.conf)
    cp -a "$HERE/host/." "$C/"
    rm -rf "$C/rootfs/usr/bin/yum" "$C/rootfs/etc/yum" "$C/rootfs/etc/dnf" "$C/rootfs/usr/lib/sysctl.d/00-system.conf" "$C/repos"
    cp -a "$HERE/el89/rootfs/." "$C/rootfs/"
    # EL9 hosts get iptables with the iptables-nft package (EL7/EL8: part of the minimal install, in the rootfs)
    [ $fam = el8 ] || rm -f "$C/rootfs/usr/sbin/iptables" "$C/rootfs/usr/sbin/ip6tables"
    cp -a "$HERE/el89/repos" "$C/repos"
    cp "$HERE/el89/setup-el89.sh" "$C/"
    for g in base rocky rhel alma cs9 podman; do
      [ -d "$OUT/$fam/rpms/$g" ] && cp -rL "$OUT/$fam/rpms/$g" "$C/rpms/"
    done
    if [ $fam = el9 ]; then
      cp "$OUT/RPM-GPG-KEY" "$C/rpms/RPM-GPG-KEY-Rocky-9"; cp "$OUT/RPM-GPG-KEY" "$C/rpms/RPM-GPG-KEY-redhat-release"
      cp "$OUT/RPM-GPG-KEY" "$C/rpms/RPM-GPG-KEY-centosofficial"
    else
      cp "$OUT/RPM-GPG-KEY" "$C/rpms/RPM-GPG-KEY-AlmaLinux"
    fi
    for img in $EL89_IMAGES; do
      [ "${img%%:*}" = $fam ] || continue
      v=${img#*:}
      docker build -q --build-arg BASE="$BASE" --build-arg FAMILY=$fam --build-arg VARIANT="$v" --label "$LABEL=$HASH" \
        -t "jprov-testfleet/$img" "$C" > "$OUT/build-$fam-$v.log" 2>&1 \
        || { tail -n 40 "$OUT/build-$fam-$v.log" >&2; die "building jprov-testfleet/$img failed"; }
      say "built jprov-testfleet/$img"
    done
  done
}
