#!/usr/bin/env bash
# The full demo on a sandboxed Open vSwitch (its own ovsdb-server and ovs-vswitchd on the userspace datapath, in a
# temp dir and a private network namespace): vifd creates br-int and br-phys, wires two "VMs" (network namespaces
# on veth pairs, plugged into br-int the way libvirt plugs a VM NIC) from a Neutron-shaped intent, and serves their
# DHCP itself: their real dhclient gets address, routes, DNS domain and hostname; then VM1 pings VM2.
# Nothing touches the host's /var/run/openvswitch. Everything is cleaned up on exit or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
# VIFD_DEMO_PREBUILT=1: the jars are already built (scripts/test.sh runs the demo after its build).
if [ "${VIFD_DEMO_PREBUILT:-0}" != 1 ]; then
  bash scripts/install-deps.sh
  mvn -B -ntp -q package -DskipTests -pl agent,tools -am
fi

DIR=$(mktemp -d /tmp/vifd-demo-XXXXXX)
NS="vifd-demo-$$"              # where ovs-vswitchd runs
VM_NS=("vifd-demo-vm1-$$" "vifd-demo-vm2-$$")
VIFD_PID=""
export OVS_RUNDIR="$DIR" OVS_LOGDIR="$DIR" OVS_DBDIR="$DIR" OVS_SYSCONFDIR="$DIR"

cleanup() {
  set +e
  trap - EXIT INT TERM
  echo "== cleanup"
  for i in 0 1; do
    pidfile="$DIR/vm$((i + 1)).dhclient.pid"
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
    ip netns del "${VM_NS[$i]}" 2>/dev/null
    rm -rf "/etc/netns/${VM_NS[$i]}"
  done
  if [ -n "$VIFD_PID" ]; then
    kill "$VIFD_PID" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$VIFD_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$VIFD_PID" 2>/dev/null
  fi
  [ -e "$DIR/ovs-vswitchd.ctl" ] && ovs-appctl -t "$DIR/ovs-vswitchd.ctl" exit --cleanup
  [ -e "$DIR/ovsdb-server.ctl" ] && ovs-appctl -t "$DIR/ovsdb-server.ctl" exit
  for pidfile in "$DIR/ovs-vswitchd.pid" "$DIR/ovsdb-server.pid"; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null
  done
  ip netns del "$NS" 2>/dev/null
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local secs=$1; shift
  for _ in $(seq $((secs * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "demo: timed out after ${secs}s waiting for: $*" >&2
  return 1
}

echo "== sandbox: $DIR (ovs-vswitchd in netns $NS)"
ovsdb-tool create "$DIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server "$DIR/conf.db" --remote="punix:$DIR/db.sock" --unixctl="$DIR/ovsdb-server.ctl" \
  --pidfile="$DIR/ovsdb-server.pid" --log-file="$DIR/ovsdb-server.log" --detach --no-chdir
ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ovs-vswitchd "unix:$DIR/db.sock" --disable-system --unixctl="$DIR/ovs-vswitchd.ctl" \
  --pidfile="$DIR/ovs-vswitchd.pid" --log-file="$DIR/ovs-vswitchd.log" --detach --no-chdir
VIFCTL=(bin/vifctl --db="unix:$DIR/db.sock")
"${VIFCTL[@]}" init

# The intent: what Neutron would hand out. Two VLAN networks on physnet1; net-a has the subnet the VMs use and its
# network:dhcp port (the DHCP server's address and MAC).
VM_PORT=("8a6107b1-3e72-4b71-bd5f-1aa772517004" "c2f9a0d4-5b17-4e8a-9d36-0f51b7e2a9c1")
VM_MAC=("fa:16:3e:9b:10:b6" "fa:16:3e:9b:10:b7")
VM_IP=("20.20.20.4" "20.20.20.5")
cat > "$DIR/intent.json" <<EOF
{
  "networks": [
    {"id": "5f0c6e8e-7a51-4d3c-8f3e-2b9a4c1d0e01", "name": "net-a", "mtu": 1450,
     "provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 101},
    {"id": "5f0c6e8e-7a51-4d3c-8f3e-2b9a4c1d0e02", "name": "net-b", "mtu": 1450,
     "provider:network_type": "vlan", "provider:physical_network": "physnet1", "provider:segmentation_id": 102}
  ],
  "subnets": [
    {"id": "9d2e1c4b-6a3f-4e58-b7d1-3c0f2a9e8b01", "network_id": "5f0c6e8e-7a51-4d3c-8f3e-2b9a4c1d0e01",
     "cidr": "20.20.20.0/24", "ip_version": 4, "gateway_ip": "20.20.20.1", "enable_dhcp": true,
     "dns_nameservers": ["20.20.20.53"]},
    {"id": "9d2e1c4b-6a3f-4e58-b7d1-3c0f2a9e8b02", "network_id": "5f0c6e8e-7a51-4d3c-8f3e-2b9a4c1d0e02",
     "cidr": "20.20.30.0/24", "ip_version": 4, "gateway_ip": "20.20.30.1", "enable_dhcp": true}
  ],
  "ports": [
    {"id": "3b6c1f0e-2d4a-4c9b-8e7f-6a5d4c3b2a01", "network_id": "5f0c6e8e-7a51-4d3c-8f3e-2b9a4c1d0e01",
     "mac_address": "fa:16:3e:5a:00:02", "device_owner": "network:dhcp",
     "fixed_ips": [{"subnet_id": "9d2e1c4b-6a3f-4e58-b7d1-3c0f2a9e8b01", "ip_address": "20.20.20.2"}]},
    {"id": "${VM_PORT[0]}", "network_id": "5f0c6e8e-7a51-4d3c-8f3e-2b9a4c1d0e01",
     "mac_address": "${VM_MAC[0]}", "device_owner": "compute:nova",
     "fixed_ips": [{"subnet_id": "9d2e1c4b-6a3f-4e58-b7d1-3c0f2a9e8b01", "ip_address": "${VM_IP[0]}"}]},
    {"id": "${VM_PORT[1]}", "network_id": "5f0c6e8e-7a51-4d3c-8f3e-2b9a4c1d0e01",
     "mac_address": "${VM_MAC[1]}", "device_owner": "compute:nova",
     "fixed_ips": [{"subnet_id": "9d2e1c4b-6a3f-4e58-b7d1-3c0f2a9e8b01", "ip_address": "${VM_IP[1]}"}]}
  ]
}
EOF
STATUS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$DIR/vifd.yaml" <<EOF
ovsdb: unix:$DIR/db.sock
integration_bridge: br-int
datapath_type: netdev
bridge_mappings: {physnet1: br-phys}
openflow_listen: punix:$DIR/vifd-of.sock
intent_file: $DIR/intent.json
state_dir: $DIR/state
status_listen: 127.0.0.1:$STATUS_PORT
dhcp: {dns_domain: openstacklocal, lease_duration: 86400}
EOF

echo "== vifd --config $DIR/vifd.yaml (log: $DIR/vifd.log)"
bin/vifd --config "$DIR/vifd.yaml" > "$DIR/vifd.log" 2>&1 &
VIFD_PID=$!
# vifd creates br-int (and br-phys with the patch pair) itself.
wait_for 60 sh -c "bin/vifctl --db=unix:$DIR/db.sock br-exists br-int" \
  || { tail -n 30 "$DIR/vifd.log"; exit 1; }

# Two "VMs": a namespace each, eth0 with the port's MAC; the veth's other end goes into vswitchd's namespace and is
# plugged into br-int as libvirt plugs a tap (iface-id = Neutron port id, attached-mac).
for i in 0 1; do
  vm=${VM_NS[$i]}
  tap="tap${VM_PORT[$i]:0:11}"
  ip netns add "$vm"
  mkdir -p "/etc/netns/$vm"
  echo "# $vm: rewritten by dhclient" > "/etc/netns/$vm/resolv.conf"
  ip netns exec "$NS" ip link add "$tap" type veth peer name eth0 netns "$vm"
  ip netns exec "$vm" ip link set eth0 address "${VM_MAC[$i]}"
  ip netns exec "$NS" ethtool -K "$tap" tx off >/dev/null
  ip netns exec "$vm" ethtool -K eth0 tx off >/dev/null
  ip netns exec "$NS" ip link set "$tap" up
  ip netns exec "$vm" ip link set lo up
  ip netns exec "$vm" ip link set eth0 up
  "${VIFCTL[@]}" -- --if-exists del-port "$tap" -- add-port br-int "$tap" -- set Interface "$tap" \
    external_ids:iface-id="${VM_PORT[$i]}" external_ids:attached-mac="\"${VM_MAC[$i]}\"" \
    external_ids:iface-status=active external_ids:vm-id="vm$((i + 1))"
  echo "== VM $((i + 1)): netns $vm, eth0 ${VM_MAC[$i]}, plugged as $tap (port ${VM_PORT[$i]})"
done

ports_up() {
  python3 - "$DIR/intent.status.json" "${VM_PORT[@]}" <<'EOF'
import json, sys
try:
    ports = {p["id"]: p["state"] for p in json.load(open(sys.argv[1]))["ports"]}
except (OSError, ValueError, KeyError):
    sys.exit(1)
sys.exit(0 if all(ports.get(p) == "up" for p in sys.argv[2:]) else 1)
EOF
}
echo "== waiting for vifd to report both ports up in $DIR/intent.status.json"
wait_for 60 ports_up || { cat "$DIR/intent.status.json" 2>/dev/null; tail -n 30 "$DIR/vifd.log"; exit 1; }

for i in 0 1; do
  vm=${VM_NS[$i]}
  echo "== VM $((i + 1)): dhclient eth0"
  # unshare --uts: dhclient-script may set the hostname; ip netns exec bind-mounts /etc/netns/$vm/resolv.conf.
  timeout 60 ip netns exec "$vm" unshare --uts dhclient -1 -v -lf "$DIR/vm$((i + 1)).leases" \
    -pf "$DIR/vm$((i + 1)).dhclient.pid" eth0 2>&1 | grep -E "DHCP|bound" || true
  if ! ip netns exec "$vm" ip -4 addr show eth0 | grep -q "inet ${VM_IP[$i]}/24"; then
    echo "demo: VM $((i + 1)) did not get ${VM_IP[$i]} from vifd" >&2
    tail -n 30 "$DIR/vifd.log"
    exit 1
  fi
done

echo
echo "== bin/vifctl show"
"${VIFCTL[@]}" show
echo "== bin/vifctl of dump-flows br-int"
bin/vifctl of --rundir "$DIR" dump-flows br-int
for i in 0 1; do
  vm=${VM_NS[$i]}
  echo "== VM $((i + 1)): ip -4 addr show eth0"
  ip netns exec "$vm" ip -4 addr show eth0
  echo "== VM $((i + 1)): ip -4 route"
  ip netns exec "$vm" ip -4 route
  echo "== VM $((i + 1)): /etc/resolv.conf"
  cat "/etc/netns/$vm/resolv.conf"
  echo "== VM $((i + 1)): lease file"
  grep -E "fixed-address|host-name|domain-name |dhcp-server-identifier" "$DIR/vm$((i + 1)).leases" || true
done
echo "== GET http://127.0.0.1:$STATUS_PORT/leases"
python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' \
  "http://127.0.0.1:$STATUS_PORT/leases"
echo "== VM 1 → VM 2: ping -c 3 ${VM_IP[1]}"
ip netns exec "${VM_NS[0]}" ping -c 3 -W 2 "${VM_IP[1]}"
echo "== demo done"
