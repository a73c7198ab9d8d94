import type { BenchCase } from "../harness";
import { PeakMemory } from "../harness";
import { RELAY_DEFAULTS, relayChain } from "../models/relay-chain";
import { interleaved, peerFigure, runPeer, SIMPY } from "../peers";

/** SimPy 3.0.11's bare chain as once measured on this machine class; printed only when SimPy is not installed. */
export const SIMPY_CHAIN_TYPED_IN = 39_000;

const engineRelay: BenchCase = {
  name: "engine-relay",
  description: "store-and-forward chain on the bare kernel: 100,000 messages, 3 relays × 4 slots, 1.5 Mbps, 80 % load",
  run() {
    const mem = new PeakMemory();
    relayChain({ ...RELAY_DEFAULTS, messages: 20_000 }); // warm-up
    const r = interleaved(3, () => relayChain(RELAY_DEFAULTS), SIMPY, () => runPeer("simpy_relay_chain.py", [RELAY_DEFAULTS.messages]));
    mem.sample();
    const value = RELAY_DEFAULTS.messages / r.ours.seconds;
    const simpy = peerFigure(SIMPY, r.peer, (s) => RELAY_DEFAULTS.messages / s, SIMPY_CHAIN_TYPED_IN, "the same chain");
    const ratio = value / simpy.value;
    return {
      value, unit: "messages/s", baseline: simpy.value, baselineLabel: simpy.label,
      ratio, wallS: r.ours.seconds, peakMB: mem.mb,
      target: "≥ 25× SimPy and ≥ 1,000,000 messages/s", met: ratio >= 25 && value >= 1e6,
      extra: {
        latency: `${r.ours.result.meanLatency.toFixed(4)} s mean (no-queueing floor ${r.ours.result.floorLatency.toFixed(4)} s)` +
          (r.peer.measured ? `; SimPy ${Number(r.peer.last.meanLatency).toFixed(4)} s` : ""),
        events: `${r.ours.result.events} (${(r.ours.result.events / RELAY_DEFAULTS.messages).toFixed(2)} per message)`,
      },
    };
  },
};
export default engineRelay;
