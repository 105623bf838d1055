#!/usr/bin/env bash
# The main job on an embedded default: a sandboxed Open vSwitch (its own ovsdb-server and ovs-vswitchd on the
# userspace datapath, in a temp dir and a private network namespace), driven through vifd's own OVSDB client.
# Nothing touches the host's /var/run/openvswitch. Everything is cleaned up on exit or Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
mvn -B -ntp -q install -DskipTests

DIR=$(mktemp -d /tmp/vifd-demo-XXXXXX)
NS="vifd-demo-$$"
export OVS_RUNDIR="$DIR" OVS_LOGDIR="$DIR" OVS_DBDIR="$DIR" OVS_SYSCONFDIR="$DIR"
cleanup() {
  set +e
  [ -e "$DIR/ovs-vswitchd.ctl" ] && ovs-appctl -t "$DIR/ovs-vswitchd.ctl" exit --cleanup
  [ -e "$DIR/ovsdb-server.ctl" ] && ovs-appctl -t "$DIR/ovsdb-server.ctl" exit
  ip netns del "$NS" 2>/dev/null
  rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== sandbox: $DIR (vswitchd in netns $NS)"
ovsdb-tool create "$DIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server "$DIR/conf.db" --remote="punix:$DIR/db.sock" --unixctl="$DIR/ovsdb-server.ctl" \
  --pidfile="$DIR/ovsdb-server.pid" --log-file="$DIR/ovsdb-server.log" --detach --no-chdir
ip netns add "$NS"
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ovs-vswitchd "unix:$DIR/db.sock" --disable-system --unixctl="$DIR/ovs-vswitchd.ctl" \
  --pidfile="$DIR/ovs-vswitchd.pid" --log-file="$DIR/ovs-vswitchd.log" --detach --no-chdir

VIFCTL=(bin/vifctl --db="unix:$DIR/db.sock")
# From here on only vifd talks to OVS.
"${VIFCTL[@]}" init
"${VIFCTL[@]}" add-br br-int -- set Bridge br-int datapath_type=netdev fail_mode=secure
"${VIFCTL[@]}" add-port br-int tap8a6107b1-3e tag=4095 -- set Interface tap8a6107b1-3e type=internal \
  external_ids:iface-id=8a6107b1-3e72-4b71-bd5f-1aa772517004 external_ids:attached-mac='"fa:16:3e:9b:10:b6"' \
  external_ids:iface-status=active external_ids:vm-uuid=4c1e5c33-6d5e-4c07-9a52-4a3e8d1e2f10
echo "== vifctl show"
"${VIFCTL[@]}" show
echo "== vifctl --columns=name,ofport,external_ids list Interface tap8a6107b1-3e"
"${VIFCTL[@]}" --columns=name,ofport,external_ids list Interface tap8a6107b1-3e
echo "== vifctl ovsdb dump Open_vSwitch Port name tag interfaces"
"${VIFCTL[@]}" ovsdb dump Open_vSwitch Port name tag interfaces
