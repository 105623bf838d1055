#!/bin/bash
# Captures real OVSDB JSON-RPC exchanges on loopback with tshark; see ../resources/golden/README.md.
# Needs root (tshark on lo), ovsdb-server, ovsdb-client, ovs-vsctl, python3. Overwrites the fixtures.
set -e
HERE=$(cd "$(dirname "$0")" && pwd)
D=/tmp/ovsdb-capture/run; OUT=$HERE/../resources/golden
P=16640; R=tcp:127.0.0.1:$P; RAW="$HERE/raw.py 127.0.0.1:$P"; PAIR="$HERE/pair.py 127.0.0.1:$P"
rm -rf $D; mkdir -p $D; cd $D
ovsdb-tool create conf.db /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server conf.db --remote=ptcp:$P:127.0.0.1 --unixctl=$D/ctl --pidfile=$D/pid --detach --log-file=$D/log
cap() { # name command...
  local name=$1; shift
  rm -f $D/cap.pcap $D/ts.err
  tshark -i lo -f "tcp port $P" -w $D/cap.pcap 2>$D/ts.err & local ts=$!
  until grep -q Capturing $D/ts.err 2>/dev/null; do sleep 0.1; done; sleep 0.3
  "$@" >$D/$name.out 2>&1 || true
  sleep 0.5; kill $ts; wait $ts || true
  tshark -r $D/cap.pcap -Y "tcp.len>0" -T fields -e tcp.stream -e tcp.dstport -e tcp.payload > $D/$name.tsv
  python3 - "$name" "$OUT" "$P" "$D/$name.tsv" <<'PY'
import sys, collections
name, out, port, tsv = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
data = collections.OrderedDict()
for line in open(tsv):
    stream, dport, payload = line.rstrip('\n').split('\t')
    key = (int(stream), 'c2s' if dport == port else 's2c')
    data.setdefault(key, bytearray()).extend(bytes.fromhex(payload.replace(':', '')))
streams = sorted({k[0] for k in data})
for i, st in enumerate(streams):
    tag = '' if len(streams) == 1 else '.' + 'ABCDEFGH'[i]
    for d in ('c2s', 's2c'):
        if (st, d) in data:
            open(f'{out}/{name}{tag}.{d}.json', 'wb').write(data[(st, d)])
PY
  echo "captured $name: $(ls $OUT | grep -c "^$name\.")"
}
cap list_dbs ovsdb-client list-dbs $R
cap get_schema ovsdb-client get-schema $R Open_vSwitch
cap get_schema_server ovsdb-client get-schema $R _Server
cap vsctl_init ovs-vsctl --db=$R --no-wait init
cap vsctl_add_br ovs-vsctl --db=$R --no-wait add-br br0
cap vsctl_add_port ovs-vsctl --db=$R --no-wait add-port br0 p1 -- set Interface p1 type=internal external_ids:iface-id=port-1 -- set Port p1 tag=5
cap transact_ops $RAW \
 '{"method":"transact","id":1,"params":["Open_vSwitch",{"op":"insert","table":"Bridge","row":{"name":"brx","external_ids":["map",[["k","v"]]]},"uuid-name":"nb"},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["set",[["named-uuid","nb"]]]]]},{"op":"comment","comment":"golden"}]}' \
 '{"method":"transact","id":2,"params":["Open_vSwitch",{"op":"select","table":"Bridge","where":[["name","==","brx"]],"columns":["_uuid","name","external_ids","ports","stp_enable","datapath_type","flood_vlans"]}]}' \
 '{"method":"transact","id":3,"params":["Open_vSwitch",{"op":"update","table":"Bridge","where":[["name","==","brx"]],"row":{"stp_enable":true,"other_config":["map",[["a","1"]]],"flood_vlans":["set",[10,20]]}}]}' \
 '{"method":"transact","id":4,"params":["Open_vSwitch",{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["next_cfg","+=",1]]}]}' \
 '{"method":"transact","id":5,"params":["Open_vSwitch",{"op":"wait","timeout":0,"table":"Bridge","where":[["name","==","brx"]],"columns":["name"],"until":"==","rows":[{"name":"brx"}]},{"op":"commit","durable":false}]}' \
 '{"method":"transact","id":6,"params":["Open_vSwitch",{"op":"wait","timeout":0,"table":"Bridge","where":[["name","==","brx"]],"columns":["name"],"until":"!=","rows":[{"name":"brx"}]}]}' \
 '{"method":"transact","id":7,"params":["Open_vSwitch",{"op":"comment","comment":"abort test"},{"op":"abort"}]}' \
 '{"method":"transact","id":8,"params":["Open_vSwitch",{"op":"assert","lock":"mylock"}]}' \
 '{"method":"transact","id":9,"params":["Open_vSwitch",{"op":"insert","table":"Bridge","row":{"name":"brx"}}]}' \
 '{"method":"transact","id":10,"params":["Open_vSwitch",{"op":"insert","table":"Bridge","row":{"name":"bry","ports":["uuid","2a7a1b36-8d46-4b4b-9a24-0c7e0a9f2f2e"]},"uuid-name":"nb"},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["named-uuid","nb"]]]}]}' \
 '{"method":"transact","id":11,"params":["Open_vSwitch",{"op":"select","table":"NoSuchTable","where":[]}]}' \
 '{"method":"transact","id":12,"params":["NoSuchDb",{"op":"comment","comment":"x"}]}' \
 '{"method":"transact","id":13,"params":["Open_vSwitch",{"op":"delete","table":"Bridge","where":[["name","==","brx"]]},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","delete",["set",[]]]]}]}' \
 '{"method":"transact","id":14,"params":["Open_vSwitch",{"op":"insert","table":"Bridge","row":{"name":"brz","stp_enable":"yes"}}]}'
cap transact_errors $RAW \
 '{"method":"transact","id":1,"params":["Open_vSwitch",{"op":"insert","table":"Open_vSwitch","row":{}}]}' \
 '{"method":"transact","id":2,"params":["Open_vSwitch",{"op":"insert","table":"Bridge","row":{"name":"br0"},"uuid-name":"dup"},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["named-uuid","dup"]]]}]}' \
 '{"method":"transact","id":3,"params":["Open_vSwitch",{"op":"insert","table":"Bridge","row":{"name":"bra"},"uuid-name":"a"},{"op":"insert","table":"Bridge","row":{"name":"brb"},"uuid-name":"a"}]}' \
 '{"method":"transact","id":4,"params":["Open_vSwitch",{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["next_cfg","/=",0]]}]}'
cap echo $RAW '{"method":"echo","params":["hello",1],"id":"e1"}'
cap server_echo $RAW '{"method":"list_dbs","params":[],"id":1}' 'WAIT:1'
cap get_server_id $RAW '{"method":"get_server_id","params":[],"id":1}'
cap set_db_change_aware $RAW '{"method":"set_db_change_aware","params":[true],"id":1}'
cap cancel $RAW 'NOWAIT:{"method":"transact","id":1,"params":["Open_vSwitch",{"op":"wait","table":"Bridge","where":[],"columns":["name"],"until":"==","rows":[{"name":"never"}]}]}' '{"method":"cancel","params":[1],"id":null}'
cap lock $PAIR 'A:{"method":"lock","params":["l1"],"id":1}' 'B:{"method":"steal","params":["l1"],"id":1}' 'A:READ' 'A:{"method":"unlock","params":["l1"],"id":2}' 'A:{"method":"lock","params":["l2"],"id":3}' 'B:{"method":"lock","params":["l2"],"id":2}' 'A:{"method":"unlock","params":["l2"],"id":4}' 'B:READ' 'B:{"method":"unlock","params":["l2"],"id":3}' 'B:{"method":"unlock","params":["l1"],"id":4}'
cap monitor $PAIR 'A:{"method":"monitor","params":["Open_vSwitch","m1",{"Bridge":{"columns":["name","ports","external_ids"]},"Open_vSwitch":[{"columns":["bridges"],"select":{"initial":false,"insert":true,"delete":true,"modify":true}}]}],"id":1}' \
 'B:{"method":"transact","id":1,"params":["Open_vSwitch",{"op":"insert","table":"Bridge","row":{"name":"brm"},"uuid-name":"nb"},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["named-uuid","nb"]]]}]}' \
 'A:READ' 'A:{"method":"monitor_cancel","params":["m1"],"id":2}' 'A:{"method":"monitor_cancel","params":["nosuch"],"id":3}'
cap monitor_cond $PAIR 'A:{"method":"monitor_cond","params":["Open_vSwitch","m2",{"Bridge":[{"columns":["name","external_ids"],"where":[["name","==","brm"]]}]}],"id":1}' \
 'B:{"method":"transact","id":1,"params":["Open_vSwitch",{"op":"update","table":"Bridge","where":[["name","==","brm"]],"row":{"external_ids":["map",[["x","y"]]]}}]}' \
 'A:READ' 'A:{"method":"monitor_cond_change","params":["m2","m2",{"Bridge":[{"where":[["name","==","br0"]]}]}],"id":2}' 'A:READ' \
 'B:{"method":"transact","id":2,"params":["Open_vSwitch",{"op":"delete","table":"Bridge","where":[["name","==","brm"]]},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","delete",["set",[]]]]}]}'
cap monitor_cond_since $PAIR 'A:{"method":"monitor_cond_since","params":["Open_vSwitch","m3",{"Bridge":[{"columns":["name"]}]},"00000000-0000-0000-0000-000000000000"],"id":1}' \
 'B:{"method":"transact","id":1,"params":["Open_vSwitch",{"op":"insert","table":"Bridge","row":{"name":"brs"},"uuid-name":"nb"},{"op":"mutate","table":"Open_vSwitch","where":[],"mutations":[["bridges","insert",["named-uuid","nb"]]]}]}' 'A:READ'
cap client_monitor timeout 1.5 ovsdb-client monitor $R Open_vSwitch Bridge name,ports
cap client_monitor_cond timeout 1.5 ovsdb-client monitor-cond $R Open_vSwitch '[["name","==","br0"]]' Bridge name
cap client_monitor_cond_since timeout 1.5 ovsdb-client monitor-cond-since $R Open_vSwitch '[]' Bridge name
cap client_lock timeout 1.5 ovsdb-client lock $R l9
ovs-appctl -t $D/ctl exit
