#!/usr/bin/python3
"""Baseline for the flow-mod benchmark: os-ken (Debian python3-os-ken) as neutron's native OpenFlow driver uses it.

Listens as an OpenFlow controller on HOST:PORT (run it in the sandbox's network namespace; the bridge's Controller row
points at tcp:HOST:PORT), waits for the switch, then installs N flows one after another the way neutron's
ofswitch.OpenFlowSwitchMixin does: install_instructions builds an OFPFlowMod and _send_msg hands it to
os_ken.app.ofctl.api.send_msg, whose service (os_ken.app.ofctl.service) sends the message, then a barrier, and
answers when the barrier reply arrives (raising if an error came for the message). Flow i is the same as in
org.vifd.bench.openflow.FlowSet: even i (k = i // 2) in_port=1+k//4000, vlan_vid=1+k%4000 -> set vlan_vid
1+(k+1)%4000, output 1+k%48; odd i reg0=i -> output 1+i%48; table 0, priority 100, cookie 0.

Usage: osken_flows.py HOST PORT N   -> prints one JSON line {"contender": ..., "flows": N, "seconds": S}
"""
import json
import os
import sys
import time

from os_ken.lib import hub  # noqa: F401  (eventlet hub first, as os-ken's own manager does)
from os_ken import cfg
from os_ken.base import app_manager
from os_ken.controller import controller  # noqa: F401  (registers the ofp_* options)
from os_ken.ofproto import ofproto_v1_3
import os_ken.app.ofctl.api as ofctl_api

HOST, PORT, N = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])


def flow_mod(dp, i):
    ofp, ofpp = dp.ofproto, dp.ofproto_parser
    if i % 2 == 0:
        k = i // 2
        match = ofpp.OFPMatch(in_port=1 + k // 4000, vlan_vid=ofp.OFPVID_PRESENT | (1 + k % 4000))
        actions = [ofpp.OFPActionSetField(vlan_vid=ofp.OFPVID_PRESENT | (1 + (k + 1) % 4000)),
                   ofpp.OFPActionOutput(1 + k % 48, 0)]
    else:
        match = ofpp.OFPMatch(reg0=i)
        actions = [ofpp.OFPActionOutput(1 + i % 48, 0)]
    # neutron: install_apply_actions -> install_instructions
    instructions = [ofpp.OFPInstructionActions(ofp.OFPIT_APPLY_ACTIONS, actions)]
    return ofpp.OFPFlowMod(dp, table_id=0, cookie=0, match=match, priority=100, instructions=instructions)


class FlowBench(app_manager.OSKenApp):
    OFP_VERSIONS = [ofproto_v1_3.OFP_VERSION]

    def start(self):
        super().start()
        return hub.spawn(self._run)

    def _datapath(self):
        # neutron's OpenFlowSwitchMixin._get_dp_by_dpid polls get_datapath until the switch is there.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            dps = ofctl_api.get_datapath(self)
            if dps:
                return dps[0]
            hub.sleep(0.05)
        raise RuntimeError('no switch connected to tcp:%s:%d within 60 s' % (HOST, PORT))

    def _run(self):
        try:
            dp = self._datapath()
            start = time.perf_counter()
            for i in range(N):
                # neutron: _send_msg(msg) -> ofctl_api.send_msg(app, msg, reply_cls=None, reply_multi=False)
                ofctl_api.send_msg(self, flow_mod(dp, i), None, False)
            seconds = time.perf_counter() - start
            print(json.dumps({'contender': 'os-ken', 'flows': N, 'seconds': seconds}), flush=True)
            code = 0
        except Exception as e:  # report and leave: the benchmark fails on a missing result
            print('os-ken benchmark failed: %r' % (e,), file=sys.stderr, flush=True)
            code = 1
        os._exit(code)


def main():
    cfg.CONF(args=[], project='os_ken')
    cfg.CONF.set_override('ofp_listen_host', HOST)
    cfg.CONF.set_override('ofp_tcp_listen_port', PORT)
    app_manager.AppManager.run_apps([__name__, 'os_ken.controller.ofp_handler'])


if __name__ == '__main__':
    main()
