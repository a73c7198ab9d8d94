/**
 * `isp-day`: one simulated day at an ISP (scenarios/isp-day.yaml): 1,000,000
 * messages from 10,000 sender domains into two equal-preference MX gateways with
 * DNSBL checks and real DNS (every lookup a wire-format datagram over the
 * network), 100 Mbps uplink. Targets: ≤ 60 s wall, ≤ 2 GB peak, and
 * the half-size variant (500,000 messages, same day) run first so the growth
 * ratio is printed: 2× messages ≤ 2.2× time.
 *
 * Measured as `mxsim run` runs it: with the fingerprint and the metrics
 * subscribed, so every trace event is built and hashed. The full size is also
 * run as `mxsim run --no-fingerprint` runs it (metrics only), and with nobody
 * subscribed (the models alone: events are never built), reported as "models only".
 *
 * MXSIM_ISP_DAY_SCALE=0.04 runs every variant at that fraction of the messages
 * (same day, same hosts) for a quick look; the target is judged at scale 1 only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadScenario, type Scenario } from "../../sim";
import { buildSimulation } from "../../sim/scenario/simulation";
import { runSimulation } from "../../sim/observe/run";
import { SCENARIO_DIR } from "../../sim/cli/main";
import type { BenchCase } from "../harness";
import { PeakMemory } from "../harness";

function scaled(s: Scenario, f: number): Scenario {
  return { ...s, traffic: s.traffic.map((t) => (t.kind === "users" ? { ...t, count: Math.round((t.count ?? 0) * f), rate: (t.rate ?? 0) * f } : t)) };
}

function once(s: Scenario, mem: PeakMemory, fingerprint = true): { seconds: number; delivered: number; injected: number; lost: number; events: number } {
  const t0 = performance.now();
  const { summary } = runSimulation(buildSimulation(s), { progress: () => mem.sample(), fingerprint });
  mem.sample();
  const m = summary.messages;
  return { seconds: (performance.now() - t0) / 1000, delivered: m.delivered, injected: m.injected, lost: m.lost, events: summary.events };
}

function modelsOnly(s: Scenario, mem: PeakMemory): number {
  const t0 = performance.now();
  const sim = buildSimulation(s);
  for (let t = 3600; t <= s.duration; t += 3600) {
    sim.kernel.run({ until: t });
    mem.sample();
  }
  if (sim.ledger.balance().lost !== 0) throw new Error("isp-day (models only): lost messages");
  return (performance.now() - t0) / 1000;
}

const ispDay: BenchCase = {
  name: "isp-day",
  description: "scenarios/isp-day.yaml: 1,000,000 messages in one simulated day, 2 MX + DNSBL + real DNS, 100 Mbps (and the half-size variant)",
  run() {
    const scale = Number(process.env.MXSIM_ISP_DAY_SCALE ?? 1);
    const base = loadScenario(readFileSync(join(SCENARIO_DIR, "isp-day.yaml"), "utf8"), "isp-day.yaml");
    const mem = new PeakMemory();
    const half = once(scaled(base, scale / 2), mem);
    const full = once(scaled(base, scale), mem);
    const noFingerprint = once(scaled(base, scale), mem, false);
    const bare = modelsOnly(scaled(base, scale), mem);
    if (full.lost !== 0 || half.lost !== 0 || noFingerprint.lost !== 0) throw new Error(`isp-day: lost ${full.lost} / ${half.lost} / ${noFingerprint.lost} messages (full / half / --no-fingerprint)`);
    const growth = full.seconds / half.seconds;
    const rate = full.injected / full.seconds;
    const atScale1 = scale === 1;
    return {
      value: full.seconds, unit: "s wall", baseline: 60, baselineLabel: "target: 60 s for 1,000,000 messages",
      ratio: 60 / full.seconds, wallS: full.seconds, peakMB: mem.mb,
      target: "≤ 60 s wall, ≤ 2 GB peak, 2× messages ≤ 2.2× time (at scale 1)",
      met: atScale1 && full.seconds <= 60 && mem.mb <= 2000 && growth <= 2.2,
      extra: {
        scale: String(scale),
        messages: `${full.injected} (half: ${half.injected}), delivered ${full.delivered}`,
        "half-size wall": `${half.seconds.toFixed(1)} s`,
        "growth ratio": `${growth.toFixed(2)} (2× messages)`,
        throughput: `${Math.round(rate)} messages/s, ${(full.events / full.injected).toFixed(1)} events per message`,
        "--no-fingerprint": `${noFingerprint.seconds.toFixed(1)} s (mxsim run --no-fingerprint: the metrics, no hash of the trace)`,
        "models only": `${bare.toFixed(1)} s (${Math.round(full.injected / bare)} messages/s, no trace subscribers)`,
        "extrapolated to 1,000,000": `${(1e6 / rate).toFixed(0)} s as mxsim run, ${(noFingerprint.seconds * (1e6 / full.injected)).toFixed(0)} s with --no-fingerprint, ${(bare * (1e6 / full.injected)).toFixed(0)} s models only`,
      },
    };
  },
};
export default ispDay;
