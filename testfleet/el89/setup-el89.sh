# jprov test fleet: the EL8/EL9 part of testfleet/host/setup.sh (sourced by it when FAMILY is el8 or el9; copied
# into the image context by el89/build-part.sh). setup.sh's `common` makes the shared host (users, sshd, rpm,
# stand-ins, Debian tooling off the PATH) and then calls el89_common; `setup.sh VARIANT` calls el89_variant.

# dnf 4 on the PATH as on EL8/EL9: /usr/bin/dnf and /usr/bin/yum -> dnf-3 (Debian's dnf 4.14 script, run by the
# python kept off the PATH). Plugins load from Debian's plugin directory, which is empty until a plugin package
# (python3-dnf-plugins-core, python3-dnf-plugin-versionlock) is installed.
el89_common() {
  local py; py=$(ls /usr/libexec/platform-python3.* | head -n 1)
  if [ "$FAMILY" = el8 ]; then
    # EL8: dnf runs on /usr/libexec/platform-python
    ln -sf "$(basename "$py")" /usr/libexec/platform-python
    py=/usr/libexec/platform-python
  fi
  sed "1s|.*|#!$py|" $LIBEXEC/dnf > /usr/bin/dnf-3
  chmod 755 /usr/bin/dnf-3
  rm -f $LIBEXEC/dnf
  ln -sf dnf-3 /usr/bin/dnf
  ln -sf dnf-3 /usr/bin/yum
  mkdir -p /etc/dnf/vars /etc/dnf/plugins /etc/dnf/protected.d /usr/lib/python3/dist-packages/dnf-plugins /var/cache/dnf
  rm -rf /var/cache/yum /etc/yum
  # EL8/EL9's yum package: /etc/yum/{vars,pluginconf.d,protected.d} are links into /etc/dnf
  mkdir -p /etc/yum
  ln -s ../dnf/vars /etc/yum/vars; ln -s ../dnf/plugins /etc/yum/pluginconf.d; ln -s ../dnf/protected.d /etc/yum/protected.d
  # EL8/EL9 users' login PATH also has /usr/local/sbin:/usr/sbin (setup.sh's el7-path.sh does the same)
  mv /etc/profile.d/el7-path.sh /etc/profile.d/el-path.sh
  # no bridge-nf reset here: EL8/EL9's /usr/lib/sysctl.d has no 00-system.conf (that was EL7's)
  rm -f /usr/lib/sysctl.d/00-system.conf
}

# $1: rocky | rocky-podman | rhel | centos-stream | alma
el89_variant() {
  case "$1" in
    rocky|rocky-podman)
      cat > /usr/lib/os-release <<'OS'
NAME="Rocky Linux"
VERSION="9.4 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"
ANSI_COLOR="0;32"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:rocky:rocky:9::baseos"
HOME_URL="https://rockylinux.org/"
BUG_REPORT_URL="https://bugs.rockylinux.org/"
SUPPORT_END="2032-05-31"
ROCKY_SUPPORT_PRODUCT="Rocky-Linux-9"
ROCKY_SUPPORT_PRODUCT_VERSION="9.4"
REDHAT_SUPPORT_PRODUCT="Rocky Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
OS
      echo "Rocky Linux release 9.4 (Blue Onyx)" > /etc/rocky-release
      echo "Derived from Red Hat Enterprise Linux 9.4" > /etc/rocky-release-upstream
      ln -sf rocky-release /etc/redhat-release
      ln -sf rocky-release /etc/system-release
      echo "cpe:/o:rocky:rocky:9::baseos" > /etc/system-release-cpe
      # a host pinned to its minor release: $releasever is 9.4, not 9 (Docker's repo has no 9.4 directory)
      echo 9.4 > /etc/dnf/vars/releasever
      cp $T/repos/rocky.repo /etc/yum.repos.d/rocky.repo
      rpm -i --nodeps --noscripts $T/rpms/rocky/*.rpm
      if [ "$1" = rocky-podman ]; then rpm -i --nodeps --noscripts $T/rpms/podman/*.rpm; fi
      ;;
    rhel)
      cat > /usr/lib/os-release <<'OS'
NAME="Red Hat Enterprise Linux"
VERSION="9.4 (Plow)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"
ANSI_COLOR="0;31"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"
HOME_URL="https://www.redhat.com/"
DOCUMENTATION_URL="https://access.redhat.com/documentation/en-us/red_hat_enterprise_linux/9"
BUG_REPORT_URL="https://bugzilla.redhat.com/"

REDHAT_BUGZILLA_PRODUCT="Red Hat Enterprise Linux 9"
REDHAT_BUGZILLA_PRODUCT_VERSION=9.4
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux"
REDHAT_SUPPORT_PRODUCT_VERSION="9.4"
OS
      echo "Red Hat Enterprise Linux release 9.4 (Plow)" > /etc/redhat-release
      ln -sf redhat-release /etc/system-release
      echo "cpe:/o:redhat:enterprise_linux:9::baseos" > /etc/system-release-cpe
      cp $T/repos/redhat.repo /etc/yum.repos.d/redhat.repo
      rpm -i --nodeps --noscripts $T/rpms/rhel/*.rpm
      ;;
    centos-stream)
      # os-release as CentOS Stream 9 hosts print it (public transcripts); $releasever is 9 (from
      # centos-stream-release's system-release(releasever)); Docker's tree for it is linux/centos/9
      cat > /usr/lib/os-release <<'OS'
NAME="CentOS Stream"
VERSION="9"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="9"
PLATFORM_ID="platform:el9"
PRETTY_NAME="CentOS Stream 9"
ANSI_COLOR="0;31"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:centos:centos:9"
HOME_URL="https://centos.org/"
BUG_REPORT_URL="https://issues.redhat.com/"
REDHAT_SUPPORT_PRODUCT="Red Hat Enterprise Linux 9"
REDHAT_SUPPORT_PRODUCT_VERSION="CentOS Stream"
OS
      echo "CentOS Stream release 9" > /etc/centos-release
      ln -sf centos-release /etc/redhat-release
      ln -sf centos-release /etc/system-release
      echo "cpe:/o:centos:centos:9" > /etc/system-release-cpe
      cp $T/repos/centos.repo /etc/yum.repos.d/centos.repo
      rpm -i --nodeps --noscripts $T/rpms/cs9/*.rpm
      ;;
    alma)
      cat > /usr/lib/os-release <<'OS'
NAME="AlmaLinux"
VERSION="8.10 (Cerulean Leopard)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.10"
PLATFORM_ID="platform:el8"
PRETTY_NAME="AlmaLinux 8.10 (Cerulean Leopard)"
ANSI_COLOR="0;34"
LOGO="fedora-logo-icon"
CPE_NAME="cpe:/o:almalinux:almalinux:8::baseos"
HOME_URL="https://almalinux.org/"
DOCUMENTATION_URL="https://wiki.almalinux.org/"
BUG_REPORT_URL="https://bugs.almalinux.org/"

ALMALINUX_MANTISBT_PROJECT="AlmaLinux-8"
ALMALINUX_MANTISBT_PROJECT_VERSION="8.10"
REDHAT_SUPPORT_PRODUCT="AlmaLinux"
REDHAT_SUPPORT_PRODUCT_VERSION="8.10"
SUPPORT_END=2029-06-01
OS
      echo "AlmaLinux release 8.10 (Cerulean Leopard)" > /etc/almalinux-release
      ln -sf almalinux-release /etc/redhat-release
      ln -sf almalinux-release /etc/system-release
      echo "cpe:/o:almalinux:almalinux:8::baseos" > /etc/system-release-cpe
      cp $T/repos/almalinux.repo /etc/yum.repos.d/almalinux.repo
      rpm -i --nodeps --noscripts $T/rpms/alma/*.rpm
      ;;
    *) echo "unknown EL8/EL9 variant $1" >&2; exit 1 ;;
  esac
  ln -sf ../usr/lib/os-release /etc/os-release
  printf '\\S\nKernel \\r on an \\m\n\n' > /etc/issue
}
