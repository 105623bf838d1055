#!/usr/bin/env bash
# Installs everything vifd's build, demo and tests need on a fresh Debian 12 machine (run as root).
# The real peers the tests run against come from Debian's packages; nothing else is downloaded but Maven artifacts.
set -euo pipefail

PACKAGES=(
  # build
  openjdk-17-jdk-headless maven
  # Open vSwitch (ovsdb-server, ovs-vswitchd on the userspace datapath, ovs-vsctl/ovs-ofctl as test oracles)
  openvswitch-switch openvswitch-common
  # OVN: Northbound schema and ovn-nbctl for the OVSDB tests, ovn-controller as the DHCP baseline
  ovn-central ovn-host
  # namespaces, veths, captures
  iproute2 ethtool procps tshark socat openssl iputils-ping arping tcpdump util-linux
  # real DHCP clients and the dnsmasq baseline
  isc-dhcp-client udhcpc dhcpcd-base dnsmasq-base
  # libvirt + QEMU (TCG) for the VIF tests
  libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients qemu-system-x86 libvirt0
  # the live-detach guest's /init (a static busybox in a tiny initramfs)
  busybox-static
  # vifctl man-page test renders the generated pages
  groff-base
  # the Python baselines the benchmarks compare with
  python3-ovsdbapp python3-os-ken hyperfine
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Debian's maintainer scripts must not start the host's own OVS or libvirt: tests run private sandboxes.
  policy_created=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy_created=1
  fi
  apt-get update -q
  apt-get install -y -q "${missing[@]}"
  [ "$policy_created" = 1 ] && rm -f /usr/sbin/policy-rc.d
fi

# The guest kernel for the live attach/detach tests (vif LiveDetachSandboxTest): Debian's cloud kernel, unpacked
# (not installed: no initramfs-tools hooks, nothing touches the host's /boot) to /opt/vifd-test-guest/vmlinuz.
GUEST_DIR=/opt/vifd-test-guest
if [ ! -s "$GUEST_DIR/vmlinuz" ]; then
  kernel_package() { apt-cache depends linux-image-cloud-amd64 2>/dev/null | awk '/Depends: linux-image-/{print $2; exit}'; }
  kpkg=$(kernel_package)
  [ -n "$kpkg" ] || { apt-get update -q && kpkg=$(kernel_package); }   # no package lists yet
  [ -n "$kpkg" ] || { echo "install-deps: no linux-image-cloud-amd64 in apt" >&2; exit 1; }
  tmp=$(mktemp -d) && chmod 755 "$tmp"   # apt-get download runs as _apt
  (cd "$tmp" && apt-get download -q "$kpkg")
  mkdir -p "$tmp/x" "$GUEST_DIR"
  dpkg-deb --fsys-tarfile "$tmp"/"$kpkg"_*.deb | tar -x -C "$tmp/x" ./boot
  cp "$tmp"/x/boot/vmlinuz-* "$GUEST_DIR/vmlinuz"
  cp "$tmp"/x/boot/config-* "$GUEST_DIR/config"
  echo "$kpkg" > "$GUEST_DIR/PACKAGE"
  rm -rf "$tmp"
  echo "install-deps: guest kernel $kpkg unpacked to $GUEST_DIR"
fi

# Tests create network namespaces and veths: make sure the netns dir exists.
mkdir -p /var/run/netns
echo "install-deps: all packages present"
