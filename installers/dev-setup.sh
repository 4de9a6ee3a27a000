#!/usr/bin/env bash
# Installs what building, testing and running COLO Console from source needs on Debian 12.
# Idempotent: installs only what is missing, so a second run costs a few dpkg queries.
#   installers/dev-setup.sh            everything for the test suite
#   installers/dev-setup.sh --console  also what the console window needs (GTK, Xvfb)
#   installers/dev-setup.sh --packages also what building and testing the .deb needs
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven          # build
  qemu-system-x86 qemu-utils             # integration and e2e tiers: real QEMU
  openssh-server openssh-client          # integration tier: real sshd on loopback
  busybox-static cpio kmod gcc xz-utils  # the lab guest and the TCG workaround library
  procps iproute2                        # kill/ps and ss, used by tests and the lab
  socat                                  # the OCF agent talks to its resident agent through it
  chromium                               # integration tier: the drill report rendered as an auditor opens it
  pacemaker-cli-utils                    # integration tier: crm_verify checks the CIB coloctl renders
  pacemaker corosync corosync-qdevice corosync-qnetd  # e2e tier: the lab's hosts as a real Pacemaker cluster
)
if [[ "${1:-}" == "--console" || "${1:-}" == "--packages" ]]; then
  packages+=(libgtk-3-0 libgl1 libxtst6 libxxf86vm1 libasound2 xvfb xauth fonts-dejavu-core)
fi
if [[ "${1:-}" == "--packages" ]]; then
  packages+=(fakeroot binutils imagemagick)   # jpackage's .deb step; screenshots of the installed console
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "dev-setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  echo "dev-setup: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "dev-setup: all packages present"
fi
