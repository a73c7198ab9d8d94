"""The M/M/1 queue of bench/models/mm1.ts (one queue, lambda = 0.9, mu = 1), written the SimPy way.

A source process draws exponential inter-arrival times; each customer is a process that
requests the server (`simpy.Resource`, capacity 1), holds it for an exponential service
time and records its time in system. Prints one JSON line: the wall time of `env.run()`
alone and the mean time in system (theory: 1 / (mu - lambda) = 10).
"""
import json
import random
import sys
import time

import simpy


def main(customers=200_000, lam=0.9, mu=1.0, seed=1):
    rng = random.Random(seed)
    env = simpy.Environment()
    server = simpy.Resource(env, capacity=1)
    stats = {"sum": 0.0, "n": 0}

    def customer():
        born = env.now
        with server.request() as req:
            yield req
            yield env.timeout(rng.expovariate(mu))
        stats["sum"] += env.now - born
        stats["n"] += 1

    def source():
        for _ in range(customers):
            yield env.timeout(rng.expovariate(lam))
            env.process(customer())

    env.process(source())
    t0 = time.perf_counter()
    env.run()
    seconds = time.perf_counter() - t0
    print(json.dumps({"seconds": seconds, "customers": stats["n"], "meanTimeInSystem": stats["sum"] / stats["n"],
                      "simpy": simpy.__version__}))


if __name__ == "__main__":
    main(customers=int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
