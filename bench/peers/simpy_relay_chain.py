"""The store-and-forward relay chain of bench/models/relay-chain.ts, written the SimPy way.

Poisson arrivals into `relays` relays in series; each relay is a `simpy.Resource` with
`slots` servers; a message holds a slot for size / line_bytes_per_s seconds (its
transmission), releases it, and reaches the next relay `propagation` seconds later.
Sizes are lognormal (median, sigma); the arrival rate is `load` times one relay's
capacity, slots / E[hold]. One process per message, as SimPy's Resource examples do.

Prints one JSON line: the measured wall time of `env.run()` alone (interpreter start-up
and imports excluded, as the mxsim case times its model alone), and the mean latency
with its no-queueing floor so the two models can be seen to agree.
"""
import json
import math
import random
import sys
import time

import simpy


def main(messages=100_000, relays=3, slots=4, line_bytes_per_s=187_500, propagation=0.01,
         median_size=10_000, sigma=1.0, load=0.8, seed=1):
    rng = random.Random(seed)
    mean_size = median_size * math.exp(sigma * sigma / 2)
    rate = load * slots / (mean_size / line_bytes_per_s)
    env = simpy.Environment()
    lines = [simpy.Resource(env, capacity=slots) for _ in range(relays)]
    latency = {"sum": 0.0, "delivered": 0}

    def message(size):
        born = env.now
        for line in lines:
            with line.request() as req:
                yield req
                yield env.timeout(size / line_bytes_per_s)
            yield env.timeout(propagation)
        latency["sum"] += env.now - born
        latency["delivered"] += 1

    def source():
        mu = math.log(median_size)
        for _ in range(messages):
            yield env.timeout(rng.expovariate(rate))
            env.process(message(rng.lognormvariate(mu, sigma)))

    env.process(source())
    t0 = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "seconds": seconds, "messages": messages, "delivered": latency["delivered"],
        "meanLatency": latency["sum"] / latency["delivered"],
        "floorLatency": relays * (mean_size / line_bytes_per_s + propagation),
        "simpy": simpy.__version__,
    }))


if __name__ == "__main__":
    main(messages=int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
