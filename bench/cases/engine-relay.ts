import type { BenchCase } from "../harness";
import { PeakMemory, best } from "../harness";
import { RELAY_DEFAULTS, relayChain } from "../models/relay-chain";

/** SimPy 3.0.11 (Debian python3-simpy3) on this machine class, as stated in the foundation issue. */
const SIMPY_MSGS_PER_S = 39_000;

const engineRelay: BenchCase = {
  name: "engine-relay",
  description: "store-and-forward chain on the bare kernel: 100,000 messages, 3 relays × 4 slots, 1.5 Mbps, 80 % load",
  run() {
    const mem = new PeakMemory();
    relayChain({ ...RELAY_DEFAULTS, messages: 20_000 }); // warm-up
    const r = best(3, () => relayChain(RELAY_DEFAULTS));
    mem.sample();
    const value = RELAY_DEFAULTS.messages / r.seconds;
    const ratio = value / SIMPY_MSGS_PER_S;
    return {
      value, unit: "messages/s", baseline: SIMPY_MSGS_PER_S, baselineLabel: "SimPy 3.0.11, bare chain, published figure",
      ratio, wallS: r.seconds, peakMB: mem.mb,
      target: "≥ 25× SimPy and ≥ 1,000,000 messages/s", met: ratio >= 25 && value >= 1e6,
      extra: {
        latency: `${r.result.meanLatency.toFixed(4)} s mean (no-queueing floor ${r.result.floorLatency.toFixed(4)} s)`,
        events: `${r.result.events} (${(r.result.events / RELAY_DEFAULTS.messages).toFixed(2)} per message)`,
      },
    };
  },
};
export default engineRelay;
