/**
 * validate-100k: `loadScenario` (what `mxsim validate` runs: YAML, schema, every
 * section's checks) on a scenario of 100,000 hosts, each `hN: { addr: 10.x.y.z }`,
 * joined by one link.
 *
 * Baseline, same run: the same validation of a 10,000-host scenario, ten times over.
 * Validation linear in the size of the hosts map gives a ratio near 1; the duplicate
 * key check it replaced compared each key with every earlier one (20,000 hosts took
 * 6.3 s, 100,000 did not finish in 90 s).
 */
import { loadavg } from "node:os";
import { loadScenario } from "../../sim";
import type { BenchCase } from "../harness";
import { PeakMemory, timed } from "../harness";

const HOSTS = 100_000;
const TARGET_S = 5;

function scenarioText(hosts: number): string {
  const lines = ["name: validate-bench", "duration: 1h", "hosts:", "  core: { addr: 10.255.255.254 }"];
  for (let i = 0; i < hosts; i++) lines.push(`  h${i}: { addr: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} }`);
  lines.push("links:", "  - { between: [core, h0], bandwidth: 1Gbps, latency: 1ms }");
  return lines.join("\n") + "\n";
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

const validate: BenchCase = {
  name: "validate-100k",
  description: `loadScenario on ${HOSTS.toLocaleString("en")} hosts vs 10 × the same on 10,000 hosts (linear: ratio ≈ 1)`,
  run() {
    const mem = new PeakMemory();
    const small = scenarioText(HOSTS / 10);
    const large = scenarioText(HOSTS);
    loadScenario(small, "warm-up.yaml");
    let cpu0 = cpuSeconds();
    const base = timed(() => {
      let n = 0;
      for (let k = 0; k < 10; k++) {
        n += Object.keys(loadScenario(small, "small.yaml").hosts).length;
        mem.sample();
      }
      return n;
    });
    const baseCpu = cpuSeconds() - cpu0;
    cpu0 = cpuSeconds();
    const big = timed(() => Object.keys(loadScenario(large, "large.yaml").hosts).length);
    const bigCpu = cpuSeconds() - cpu0;
    mem.sample();
    return {
      value: big.seconds, unit: "s", baseline: base.seconds, baselineLabel: "10 × validating 10,000 hosts, same run",
      ratio: base.seconds / big.seconds, wallS: big.seconds + base.seconds, peakMB: mem.mb,
      target: `≤ ${TARGET_S} s wall for ${HOSTS.toLocaleString("en")} hosts`,
      met: big.seconds <= TARGET_S && big.result === HOSTS + 1 && base.result === 10 * (HOSTS / 10 + 1),
      extra: {
        hosts: big.result, bytes: large.length, "cpu s (100k)": bigCpu.toFixed(2), "cpu s (10 × 10k)": baseCpu.toFixed(2),
        "load average (1 min)": loadavg()[0].toFixed(2),
      },
    };
  },
};

export default validate;
