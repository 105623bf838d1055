#!/bin/bash
# Captures DHCP exchanges of real clients against a temporary dnsmasq peer.
set -u
NS=dhcpcap6
D=/tmp/dhcp-cap
cleanup() {
  [ -f $D/dnsmasq.pid ] && kill $(cat $D/dnsmasq.pid) 2>/dev/null
  ip netns del $NS 2>/dev/null; ip link del dc0 2>/dev/null
  rm -rf /etc/netns/$NS
}
cleanup
ip netns add $NS
ip link add dc0 type veth peer name dc1
ip link set dc1 address 52:54:00:12:34:56
ip link set dc1 netns $NS
ip link set dc0 up
ip addr add 20.20.20.2/24 dev dc0
ip netns exec $NS ip link set dc1 up
ip netns exec $NS ip link set lo up
ethtool -K dc0 tx off >/dev/null
ip netns exec $NS ethtool -K dc1 tx off >/dev/null
mkdir -p /etc/netns/$NS; echo "nameserver 127.0.0.1" > /etc/netns/$NS/resolv.conf
touch $D/leases
dnsmasq --no-daemon --port=0 --no-hosts --no-resolv --interface=dc0 --bind-interfaces \
  --dhcp-range=20.20.20.0,static,255.255.255.0,120s --dhcp-host=52:54:00:12:34:56,20.20.20.4 \
  --dhcp-leasefile=$D/leases --dhcp-option-force=option:mtu,1400 --domain=openstacklocal \
  --dhcp-option=option:router,20.20.20.1 --dhcp-option=option:dns-server,20.20.20.2 \
  --dhcp-option=option:T1,4 --dhcp-option=option:T2,100 --dhcp-authoritative \
  --log-dhcp >$D/dnsmasq.log 2>&1 &
echo $! > $D/dnsmasq.pid
sleep 1

cap_start() { tshark -i dc0 -w $D/$1.pcap -f 'udp port 67 or udp port 68' >$D/$1.tshark.log 2>&1 & echo $! > $D/tshark.pid; for i in $(seq 50); do grep -q Capturing $D/$1.tshark.log && break; sleep 0.1; done; sleep 0.3; }
cap_stop() { sleep 0.5; kill -INT $(cat $D/tshark.pid); wait $(cat $D/tshark.pid) 2>/dev/null; }
IN="ip netns exec $NS unshare --uts"

# dhclient: DISCOVER/REQUEST, then renew (T1=4s), then RELEASE, then INIT-REBOOT
cap_start dhclient
$IN dhclient -1 -v -lf $D/dhclient.leases -pf $D/dhclient.pid dc1 >$D/dhclient.log 2>&1
sleep 7
$IN dhclient -r -v -lf $D/dhclient.leases -pf $D/dhclient.pid dc1 >>$D/dhclient.log 2>&1
$IN dhclient -1 -v -lf $D/dhclient.leases -pf $D/dhclient2.pid dc1 >>$D/dhclient.log 2>&1
sleep 0.5
$IN dhclient -x -lf $D/dhclient.leases -pf $D/dhclient2.pid dc1 >>$D/dhclient.log 2>&1
cap_stop

# udhcpc: DISCOVER/REQUEST, renew on SIGUSR1, release on SIGUSR2
cap_start udhcpc
$IN udhcpc -i dc1 -f -O staticroutes -O mtu -x hostname:vm1 >$D/udhcpc.log 2>&1 &
UP=$!
sleep 2; kill -USR1 $UP; sleep 1.5; kill -USR2 $UP; sleep 0.5; kill $UP
cap_stop

# dhcpcd: DISCOVER/REQUEST, RENEW (-n), RELEASE (-k), then INFORM
cap_start dhcpcd
mkdir -p $D/dhcpcd-run $D/dhcpcd-lib
DC="ip netns exec $NS unshare --uts --mount sh -c"
MNT="mount --bind $D/dhcpcd-run /run/dhcpcd 2>/dev/null || { mkdir -p /run/dhcpcd; mount --bind $D/dhcpcd-run /run/dhcpcd; }; mount --bind $D/dhcpcd-lib /var/lib/dhcpcd;"
$DC "$MNT dhcpcd -4 -B -A dc1 & P=\$!; sleep 9; dhcpcd -4 -k dc1; sleep 2; kill \$P 2>/dev/null; wait" >$D/dhcpcd.log 2>&1
$DC "$MNT ip addr flush dev dc1; ip addr add 20.20.20.4/24 dev dc1; timeout 8 dhcpcd -4 -1 -B -A --inform=20.20.20.4/24 dc1" >>$D/dhcpcd.log 2>&1
cap_stop
cleanup
