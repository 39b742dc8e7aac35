#!/bin/bash
# jprov test fleet: turns a debootstrap'ed Debian into a Debian/Ubuntu test host. `setup.sh FLAVOR VARIANT`,
# FLAVOR = debian11 | debian12 | ubuntu2204 | ubuntu2404, VARIANT = fresh | old-docker (debian12 only).
# Context (/tmp/testfleet): standins/ (from testfleet/host/rootfs), archive.gpg (the base archive's key),
# lists/ (the mirror's base-archive index, as after an `apt-get update` at install time), old/ (flat repo with
# Debian 12's docker.io, containerd, runc and what they need, for old-docker).
set -euxo pipefail
T=/tmp/testfleet
FLAVOR=$1 VARIANT=$2
export DEBIAN_FRONTEND=noninteractive
case $FLAVOR in
  debian11) CODENAME=bullseye ARCHIVE=debian ;;
  debian12) CODENAME=bookworm ARCHIVE=debian ;;
  ubuntu2204) CODENAME=jammy ARCHIVE=ubuntu ;;
  ubuntu2404) CODENAME=noble ARCHIVE=ubuntu ;;
  *) echo "unknown flavor $FLAVOR" >&2; exit 1 ;;
esac

# --- stand-ins (systemctl, journalctl, sysctl, modprobe, lsmod, testfleet-init); files owned by a Debian package
#     are diverted (dpkg-divert --rename: the real one stays as NAME.distrib), so apt upgrades do not restore them ---
for f in $(cd $T/standins && find . -type f | sed 's#^\./##'); do
  for p in "/$f" "/${f#usr/}"; do
    if dpkg -S "$p" >/dev/null 2>&1; then dpkg-divert --local --rename --divert "$p.distrib" --add "$p"; fi
  done
  install -D -m 0755 "$T/standins/$f" "/$f"
done
mkdir -p /var/lib/docker-standin /etc/docker-standin /etc/systemd/system/multi-user.target.wants /var/log
# dpkg without fsync (a test host's disk never loses power): installs take a quarter of the time on overlayfs
echo force-unsafe-io > /etc/dpkg/dpkg.cfg.d/testfleet-unsafe-io

# --- identity: Debian stays as debootstrap made it; Ubuntu is Debian 12 dressed ---
dress_ubuntu() { # version point codename Codename-words debian_version
  rm -f /etc/os-release /usr/lib/os-release
  cat > /usr/lib/os-release <<OS
PRETTY_NAME="Ubuntu $2 LTS"
NAME="Ubuntu"
VERSION_ID="$1"
VERSION="$2 LTS ($4)"
VERSION_CODENAME=$3
ID=ubuntu
ID_LIKE=debian
HOME_URL="https://www.ubuntu.com/"
SUPPORT_URL="https://help.ubuntu.com/"
BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
UBUNTU_CODENAME=$3
OS
  [ "$1" = 24.04 ] && echo "LOGO=ubuntu-logo" >> /usr/lib/os-release
  ln -s ../usr/lib/os-release /etc/os-release
  printf 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=%s\nDISTRIB_CODENAME=%s\nDISTRIB_DESCRIPTION="Ubuntu %s LTS"\n' "$1" "$3" "$2" > /etc/lsb-release
  echo "$5" > /etc/debian_version
  printf 'Ubuntu %s LTS \\n \\l\n\n' "$2" > /etc/issue
  printf 'Ubuntu %s LTS\n' "$2" > /etc/issue.net
  printf 'Vendor: Ubuntu\nVendor-URL: https://www.ubuntu.com/\nBugs: https://bugs.launchpad.net/ubuntu/+filebug\nParent: Debian\n' > /etc/dpkg/origins/ubuntu
  ln -sf ubuntu /etc/dpkg/origins/default
  rm -f /etc/apt/trusted.gpg.d/debian-archive-*.asc
}
case $FLAVOR in
  ubuntu2204) dress_ubuntu 22.04 22.04.4 jammy "Jammy Jellyfish" bookworm/sid ;;
  ubuntu2404) dress_ubuntu 24.04 24.04.1 noble "Noble Numbat" trixie/sid ;;
esac

# --- what systemd and kmod lay out on a real install (minbase has neither): /etc/modules-load.d, with
# Debian's modules.conf -> ../modules link, and /etc/sysctl.d ---
mkdir -p /etc/modules-load.d /etc/sysctl.d
[ -e /etc/modules ] || printf '# /etc/modules: kernel modules to load at boot time.\n' > /etc/modules
ln -sf ../modules /etc/modules-load.d/modules.conf

# --- users and sudo (Debian's /etc/sudoers: %sudo may sudo with a password) ---
useradd -m -s /bin/bash -u 1000 ops
useradd -m -s /bin/bash -u 1001 -G sudo deploy
echo 'root:testfleet-root' | chpasswd
echo 'ops:testfleet-ops' | chpasswd
echo 'deploy:testfleet-deploy' | chpasswd
echo 'ops ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/ops
chmod 440 /etc/sudoers.d/ops

# --- sshd: Debian's sshd_config; only limits raised for parallel test sessions ---
rm -f /etc/ssh/ssh_host_*
ssh-keygen -A
mkdir -p /etc/ssh/sshd_config.d
printf 'MaxSessions 50\nMaxStartups 100:30:200\nUseDNS no\n' > /etc/ssh/sshd_config.d/testfleet.conf
grep -q '^Include /etc/ssh/sshd_config.d' /etc/ssh/sshd_config || sed -i '1i Include /etc/ssh/sshd_config.d/*.conf' /etc/ssh/sshd_config
# pam_loginuid cannot work in a container
sed -i -E 's/^(session\s+)required(\s+pam_loginuid\.so)/\1optional\2/' /etc/pam.d/sshd /etc/pam.d/login 2>/dev/null || true
# sshd runs from testfleet-init (as sshd.service), not from the unit Debian enabled
rm -f /etc/systemd/system/multi-user.target.wants/ssh.service

# --- apt: the mirror's base archive, trusted through the archive test key (as Debian trusts its archive keys) ---
rm -f /etc/apt/sources.list /etc/apt/sources.list.d/*
case $FLAVOR in
  ubuntu2404)
    echo '# Ubuntu sources have moved to /etc/apt/sources.list.d/ubuntu.sources' > /etc/apt/sources.list
    install -m 0644 $T/archive.gpg /usr/share/keyrings/ubuntu-archive-keyring.gpg
    printf 'Types: deb\nURIs: http://mirror/ubuntu\nSuites: noble\nComponents: main\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n' \
      > /etc/apt/sources.list.d/ubuntu.sources ;;
  *)
    install -m 0644 $T/archive.gpg /etc/apt/trusted.gpg.d/jprov-testfleet-archive.gpg
    echo "deb http://mirror/$ARCHIVE $CODENAME main" > /etc/apt/sources.list ;;
esac

# --- old-docker: Debian 12's docker.io (with containerd, runc, iptables) installed by apt, running ---
if [ "$VARIANT" = old-docker ]; then
  echo "deb [trusted=yes] file:$T/old ./" > $T/old.list
  apt-get update -q -o Dir::Etc::sourcelist=$T/old.list -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0
  apt-get install -y -q --no-install-recommends -o Dir::Etc::sourcelist=$T/old.list -o Dir::Etc::sourceparts=- docker.io
  systemctl stop docker.socket docker.service containerd.service || true
  rm -rf /var/lib/docker-standin/starts /run/docker-standin /run/systemd-standin /var/run/docker.pid /var/run/docker.sock
elif [ "$VARIANT" != fresh ]; then
  echo "unknown variant $VARIANT" >&2; exit 1
fi

# --- the base archive's index, as left by the `apt-get update` of an installation ---
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/apt/archives/*.deb
mkdir -p /var/lib/apt/lists/partial
cp $T/lists/* /var/lib/apt/lists/
echo "$FLAVOR $VARIANT" > /etc/testfleet-variant
