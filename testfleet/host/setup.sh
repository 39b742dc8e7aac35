#!/bin/bash
# jprov test fleet: turns the Debian base into the CentOS 7 test host. `setup.sh common` then `setup.sh VARIANT`.
set -euxo pipefail
T=/tmp/testfleet
LIBEXEC=/usr/libexec/testfleet
# FAMILY (Dockerfile build arg): el7, or el8/el9 for testfleet/el89 (setup-el89.sh adds el89_common/el89_variant)
FAMILY=${FAMILY:-el7}
[ "$FAMILY" = el7 ] || . $T/setup-el89.sh
common() {
  mkdir -p $LIBEXEC /etc/rpm /var/lib/rpm /etc/pki/rpm-gpg /etc/yum.repos.d /etc/sysctl.d /etc/modules-load.d \
           /usr/lib/modules-load.d /etc/systemd/system/multi-user.target.wants /usr/lib/systemd/system /var/log \
           /usr/libexec/openssh
  # --- identity ---
  rm -f /etc/os-release /usr/lib/os-release /etc/debian_version /etc/lsb-release
  if [ "$FAMILY" = el7 ]; then
  cat > /etc/os-release <<'OS'
NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
ANSI_COLOR="0;31"
CPE_NAME="cpe:/o:centos:centos:7"
HOME_URL="https://www.centos.org/"
BUG_REPORT_URL="https://bugs.centos.org/"

CENTOS_MANTISBT_PROJECT="CentOS-7"
CENTOS_MANTISBT_PROJECT_VERSION="7"
REDHAT_SUPPORT_PRODUCT="centos"
REDHAT_SUPPORT_PRODUCT_VERSION="7"

OS
  ln -s ../../etc/os-release /usr/lib/os-release
  echo "CentOS Linux release 7.9.2009 (Core)" > /etc/centos-release
  ln -sf centos-release /etc/redhat-release
  ln -sf centos-release /etc/system-release
  echo "cpe:/o:centos:centos:7" > /etc/system-release-cpe
  printf '\\S\nKernel \\r on an \\m\n\n' > /etc/issue
  fi
  # --- rpm: database in /var/lib/rpm (Debian's default is ~/.rpmdb); no Debian nag on install/erase ---
  echo '%_dbpath /var/lib/rpm' > /etc/rpm/macros
  mv /usr/bin/rpm $LIBEXEC/rpm
  cat > /usr/bin/rpm <<'RPM'
#!/bin/bash
# jprov test fleet: Debian's rpm 4.18 with --force-debian added for install/erase (it would nag otherwise)
for a in "$@"; do case "$a" in -i|-U|-F|-e|--install|--upgrade|--freshen|--erase|--reinstall|-[iUFe]?*) exec /usr/libexec/testfleet/rpm --force-debian "$@" ;; esac; done
exec /usr/libexec/testfleet/rpm "$@"
RPM
  chmod 755 /usr/bin/rpm
  rpm --initdb
  cp $T/rpms/RPM-GPG-KEY-* /etc/pki/rpm-gpg/      # one test key under the distribution's file name(s)
  rpm --import "$(ls /etc/pki/rpm-gpg/RPM-GPG-KEY-* | head -n 1)"
  rpm -i --nodeps --noscripts $T/rpms/base/*.rpm
  # --- dnf behind the yum wrapper; python off the PATH ---
  cp -L /usr/bin/dnf $LIBEXEC/dnf && rm -f /usr/bin/dnf
  # python stays in /usr/libexec (so it still finds /usr/lib/python3.X) under a name that is not on any PATH
  for p in /usr/bin/python3.*; do case "$p" in *-config) rm -f "$p" ;; *) cp -L "$p" /usr/libexec/platform-$(basename "$p"); rm -f "$p" ;; esac; done
  sed -i "1s|.*|#!$(ls /usr/libexec/platform-python3.* | head -n 1)|" $LIBEXEC/dnf
  rm -f /usr/bin/python3 /usr/bin/python /usr/bin/pydoc3 /usr/bin/pygettext3 /usr/bin/dnf-3 /usr/bin/dnf4 /usr/bin/py3*
  for f in /usr/bin/*; do head -c 64 "$f" 2>/dev/null | head -n 1 | grep -q python && rm -f "$f"; done
  mkdir -p /var/cache/yum
  # --- Debian tooling off the PATH (an EL7 host has neither apt nor dpkg) ---
  mkdir -p $LIBEXEC/debian
  for f in /usr/bin/apt /usr/bin/apt-get /usr/bin/apt-cache /usr/bin/apt-config /usr/bin/apt-mark /usr/bin/apt-key /usr/bin/dpkg /usr/bin/dpkg-query /usr/bin/dpkg-deb /usr/bin/dpkg-divert /usr/bin/dpkg-split /usr/bin/dpkg-trigger /usr/bin/dpkg-statoverride /usr/bin/dpkg-maintscript-helper /usr/bin/lsb_release; do
    [ -e "$f" ] && mv "$f" $LIBEXEC/debian/
  done
  # --- users and sudo ---
  getent group wheel >/dev/null || groupadd -g 10 wheel || groupadd wheel
  useradd -m -s /bin/bash -u 1000 ops
  useradd -m -s /bin/bash -u 1001 -G wheel deploy
  echo 'root:testfleet-root' | chpasswd
  echo 'ops:testfleet-ops' | chpasswd
  echo 'deploy:testfleet-deploy' | chpasswd
  cat > /etc/sudoers <<'SUDO'
## CentOS 7 /etc/sudoers (comments trimmed)
Defaults   !visiblepw
Defaults    always_set_home
Defaults    match_group_by_gid
Defaults    always_query_group_plugin
Defaults    env_reset
Defaults    env_keep =  "COLORS DISPLAY HOSTNAME HISTSIZE KDEDIR LS_COLORS"
Defaults    env_keep += "MAIL PS1 PS2 QTDIR USERNAME LANG LC_ADDRESS LC_CTYPE"
Defaults    env_keep += "LC_COLLATE LC_IDENTIFICATION LC_MEASUREMENT LC_MESSAGES"
Defaults    env_keep += "LC_MONETARY LC_NAME LC_NUMERIC LC_PAPER LC_TELEPHONE"
Defaults    env_keep += "LC_TIME LC_ALL LANGUAGE LINGUAS _XKB_CHARSET XAUTHORITY"
Defaults    secure_path = /sbin:/bin:/usr/sbin:/usr/bin
root    ALL=(ALL)       ALL
%wheel  ALL=(ALL)       ALL
#includedir /etc/sudoers.d
SUDO
  chmod 440 /etc/sudoers
  rm -f /etc/sudoers.d/README
  echo 'ops ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/ops
  chmod 440 /etc/sudoers.d/ops
  # --- sshd as on CentOS 7 (key and password auth, root login allowed) ---
  rm -f /etc/ssh/ssh_host_*
  ssh-keygen -A
  ln -sf /usr/lib/openssh/sftp-server /usr/libexec/openssh/sftp-server
  cat > /etc/ssh/sshd_config <<'SSHD'
HostKey /etc/ssh/ssh_host_rsa_key
HostKey /etc/ssh/ssh_host_ecdsa_key
HostKey /etc/ssh/ssh_host_ed25519_key
SyslogFacility AUTHPRIV
PermitRootLogin yes
AuthorizedKeysFile .ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication yes
ChallengeResponseAuthentication no
UsePAM yes
X11Forwarding no
PrintMotd no
MaxSessions 50
MaxStartups 100:30:200
UseDNS no
AcceptEnv LANG LC_CTYPE LC_NUMERIC LC_TIME LC_COLLATE LC_MONETARY LC_MESSAGES
Subsystem sftp /usr/libexec/openssh/sftp-server
SSHD
  # pam_loginuid cannot work in a container; motd noise off
  sed -i -E 's/^(session\s+)required(\s+pam_loginuid\.so)/\1optional\2/; /pam_motd/d' /etc/pam.d/sshd /etc/pam.d/login 2>/dev/null || true
  rm -f /etc/motd
  # EL7 login shells' PATH for users includes /usr/sbin
  echo 'export PATH=/usr/local/bin:/usr/bin:/usr/local/sbin:/usr/sbin' > /etc/profile.d/el7-path.sh
  # systemd units: only what a CentOS 7 minimal host has that matters here (Debian's units removed)
  rm -rf /usr/lib/systemd/system/* /etc/systemd/system/*
  mkdir -p /etc/systemd/system/multi-user.target.wants /usr/lib/systemd/system
  cat > /usr/lib/systemd/system/sshd.service <<'UNIT'
[Unit]
Description=OpenSSH server daemon
Documentation=man:sshd(8) man:sshd_config(5)
After=network.target sshd-keygen.service

[Service]
Type=notify
ExecStart=/usr/sbin/sshd -D $OPTIONS
ExecReload=/bin/kill -HUP $MAINPID
KillMode=process

[Install]
WantedBy=multi-user.target
UNIT
  ln -s /usr/lib/systemd/system/sshd.service /etc/systemd/system/multi-user.target.wants/sshd.service
  # sysctl files as on CentOS 7 (Debian's procps files removed)
  find /usr/lib/sysctl.d /etc/sysctl.d -mindepth 1 ! -name 00-system.conf ! -name 50-default.conf -delete
  printf '# System default settings live in /usr/lib/sysctl.d/00-system.conf.\n# To override those settings, enter new settings here, or in an /etc/sysctl.d/<name>.conf file\n#\n# For more information, see sysctl.conf(5) and sysctl.d(5).\n' > /etc/sysctl.conf
  ln -s ../sysctl.conf /etc/sysctl.d/99-sysctl.conf
  # docker stand-in state dirs
  mkdir -p /var/lib/docker-standin /etc/docker-standin
  echo "/usr/lib/systemd/system" > /dev/null
  [ "$FAMILY" = el7 ] || el89_common
}
variant() {
  if [ "$FAMILY" != el7 ]; then el89_variant "$1"; echo "$1" > /etc/testfleet-variant; return; fi
  case "$1" in
    fresh|old-docker) cp $T/repos/CentOS-Base.mirror.repo /etc/yum.repos.d/CentOS-Base.repo ;;
    eol) cp $T/repos/CentOS-Base.stock.repo /etc/yum.repos.d/CentOS-Base.repo ;;
    *) echo "unknown variant $1" >&2; exit 1 ;;
  esac
  if [ "$1" = old-docker ]; then
    rpm -i $T/rpms/old/*.rpm
    ln -sf /usr/lib/systemd/system/docker.service /etc/systemd/system/multi-user.target.wants/docker.service
  fi
  echo "$1" > /etc/testfleet-variant
}
case "$1" in common) common ;; *) variant "$1" ;; esac
