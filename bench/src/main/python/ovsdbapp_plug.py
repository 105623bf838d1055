#!/usr/bin/python3
"""Baseline for the port-plug benchmark: ovsdbapp (Debian python3-ovsdbapp), as neutron's agent uses it.

Plugs N ports on br-int, one transaction per port awaited one after another: Port + Interface with tag and
external_ids iface-id, attached-mac, iface-status, vm-uuid. ovsdbapp's Open_vSwitch transaction normally also waits
for ovs-vswitchd (next_cfg/cur_cfg); the benchmark measures the database round trip only (no vswitchd runs), so the
plain ovsdbapp Transaction is used, which is what ovs-vsctl --no-wait does too.

Usage: ovsdbapp_plug.py REMOTE N   -> prints one JSON line {"contender": ..., "ports": N, "seconds": S}
"""
import json
import sys
import time
import uuid

from ovsdbapp.backend.ovs_idl import connection
from ovsdbapp.backend.ovs_idl import transaction
from ovsdbapp.schema.open_vswitch import impl_idl


class NoWaitTransaction(impl_idl.OvsVsctlTransaction):
    """ovsdbapp's vsctl-style transaction without the next_cfg bump and the wait for vswitchd."""

    def pre_commit(self, txn):
        txn.expected_ifaces = set()

    def post_commit(self, txn):
        transaction.Transaction.post_commit(self, txn)


class NoWaitOvsdbIdl(impl_idl.OvsdbIdl):
    def create_transaction(self, check_error=False, log_errors=True, **kwargs):
        return NoWaitTransaction(self, self.ovsdb_connection, check_error=check_error, log_errors=log_errors)


def main():
    remote, n = sys.argv[1], int(sys.argv[2])
    idl = connection.OvsdbIdl.from_server(remote, 'Open_vSwitch')
    conn = connection.Connection(idl=idl, timeout=60)
    api = NoWaitOvsdbIdl(conn)
    start = time.perf_counter()
    for i in range(n):
        name = 'tapa%09d' % i
        with api.transaction(check_error=True) as txn:
            txn.add(api.add_port('br-int', name))
            txn.add(api.db_set('Port', name, ('tag', 1 + i % 4094)))
            txn.add(api.db_set('Interface', name, ('external_ids', {
                'iface-id': str(uuid.UUID(int=i + 1)),
                'attached-mac': 'fa:16:3e:%02x:%02x:%02x' % ((i >> 16) & 255, (i >> 8) & 255, i & 255),
                'iface-status': 'active',
                'vm-uuid': str(uuid.UUID(int=(1 << 64) + i)),
            })))
    seconds = time.perf_counter() - start
    print(json.dumps({'contender': 'ovsdbapp', 'ports': n, 'seconds': seconds}))
    conn.stop()


if __name__ == '__main__':
    main()
