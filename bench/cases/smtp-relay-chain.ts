import type { BenchCase } from "../harness";
import { PeakMemory } from "../harness";
import { SMTP_CHAIN_DEFAULTS, smtpChain } from "../models/smtp-chain";
import { interleaved, peerFigure, runPeer, SIMPY } from "../peers";
import { SIMPY_CHAIN_TYPED_IN } from "./engine-relay";

/**
 * The full SMTP model through three relays against SimPy's *bare* chain (engine-relay's
 * model: slots and timeouts, no protocol at all), measured in the same run: the target
 * is to simulate SMTP faster than SimPy simulates queues.
 */
const smtpRelayChain: BenchCase = {
  name: "smtp-relay-chain",
  description: "engine-relay's chain from real SMTP sessions and queue managers: 100,000 messages, 3 relays, 4 deliveries each, 1.5 Mbps",
  run() {
    const mem = new PeakMemory();
    smtpChain({ ...SMTP_CHAIN_DEFAULTS, messages: 5000 }); // warm-up
    const r = interleaved(3, () => smtpChain(SMTP_CHAIN_DEFAULTS), SIMPY, () => runPeer("simpy_relay_chain.py", [SMTP_CHAIN_DEFAULTS.messages]));
    mem.sample();
    const res = r.ours.result;
    if (res.delivered !== SMTP_CHAIN_DEFAULTS.messages || res.lost !== 0) {
      throw new Error(`smtp-relay-chain: delivered ${res.delivered} of ${SMTP_CHAIN_DEFAULTS.messages}, lost ${res.lost}`);
    }
    const value = SMTP_CHAIN_DEFAULTS.messages / r.ours.seconds;
    const simpy = peerFigure(SIMPY, r.peer, (s) => SMTP_CHAIN_DEFAULTS.messages / s, SIMPY_CHAIN_TYPED_IN, "the bare chain");
    const ratio = value / simpy.value;
    return {
      value, unit: "messages/s", baseline: simpy.value, baselineLabel: simpy.label,
      ratio, wallS: r.ours.seconds, peakMB: mem.mb,
      target: "≥ 1.5× SimPy's bare chain", met: ratio >= 1.5,
      extra: {
        runs: r.ours.all.map((t) => `${(SMTP_CHAIN_DEFAULTS.messages / t / 1000).toFixed(1)}k`).join(" ") + " messages/s (best taken)",
        events: `${res.events} (${(res.events / SMTP_CHAIN_DEFAULTS.messages).toFixed(1)} per message)`,
        simTime: `${(res.simTime / 3600).toFixed(2)} h simulated`,
      },
    };
  },
};
export default smtpRelayChain;
