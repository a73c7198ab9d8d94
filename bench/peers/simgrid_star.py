"""The flows-star workload of bench/models/flows-star.ts on SimGrid's flow model.

`hosts` hosts, each on its own full-duplex access link (100 Mbps, 0.5 ms) to a central
switch (SimGrid counts bandwidth in bytes per second). The transfers are read from the
plan file the mxsim case writes (bench/models/flows-star.ts `starPlan`: source, destination,
size and start time of each, drawn from mxsim's streams), so both simulators run exactly
the same flows. Each transfer crosses the source's uplink and the destination's downlink.

SimGrid is set to the plain max-min model mxsim uses (CM02: the LMM solver without the
TCP correction factors, no RTT weighting, no TCP window bound, no cross-traffic), so both
simulators solve the same sharing problem. The transfers are host-to-host comms
(`Comm.sendto_async`) started by one driver actor. Prints one JSON line: the wall time of
`Engine.run()` alone, the completions and the simulated makespan, and when the plan asks
for them (`finishTimes`) each transfer's finish time, for tests that hold mxsim's flow model
against SimGrid's flow by flow.
"""
import json
import sys
import time

import simgrid
from simgrid import Actor, Comm, Engine, LinkInRoute, this_actor


def main(plan_file):
    with open(plan_file) as f:
        spec = json.load(f)
    hosts = spec["hosts"]
    # Per host: access-link bandwidth in bits per second and latency in seconds (the bench's star: all alike).
    access = spec.get("links") or [[100e6, 0.0005]] * hosts
    e = Engine(["simgrid_star", "--log=root.thres:critical",
                "--cfg=network/model:CM02", "--cfg=network/TCP-gamma:0", "--cfg=network/weight-S:0",
                "--cfg=network/crosstraffic:0"])
    zone = simgrid.NetZone.create_full_zone("star")
    hs, links = [], []
    for i in range(hosts):
        hs.append(zone.create_host(f"h{i}", 1e9))
        links.append(zone.create_split_duplex_link(f"l{i}", access[i][0] / 8).set_latency(access[i][1]))
    for a in range(hosts):
        for b in range(hosts):
            if a != b:
                zone.add_route(hs[a].netpoint, hs[b].netpoint, None, None,
                               [LinkInRoute(links[a], LinkInRoute.UP), LinkInRoute(links[b], LinkInRoute.DOWN)], False)
    zone.seal()

    plan = [(f["at"], f["a"], f["b"], f["size"]) for f in spec["flows"]]
    done = {"completed": 0, "makespan": 0.0}

    def driver():
        comms = []
        for (at, a, b, size) in plan:
            if at > Engine.clock:
                this_actor.sleep_until(at)
            comms.append(Comm.sendto_async(hs[a], hs[b], size))
        Comm.wait_all(comms)
        done["completed"] = len(comms)
        done["makespan"] = Engine.clock
        if spec.get("finishTimes"):
            done["finish"] = [c.finish_time for c in comms]

    Actor.create("driver", hs[0], driver)
    t0 = time.perf_counter()
    e.run()
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "simgrid": str(simgrid.simgrid_version), **done}))


if __name__ == "__main__":
    main(sys.argv[1])
