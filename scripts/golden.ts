/**
 * `npm run golden`: run every bundled scenario (scenarios/*.yaml but the isp-day
 * scale cases) with its own seed and rewrite test/golden/fingerprints.json. Run it
 * when a change is *meant* to change what the simulator does, and say why in the
 * commit; test/golden/library.test.ts fails on any unintended change.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../sim";
import { bundledNames, loadBundled } from "../test/golden/bundled";

const out: Record<string, string> = {};
for (const name of bundledNames()) {
  const t0 = performance.now();
  const fingerprint = run(loadBundled(name)).summary.fingerprint;
  if (fingerprint === null) throw new Error(`${name}: the run computed no fingerprint`);
  out[name] = fingerprint;
  console.log(`${name.padEnd(24)} ${out[name]}  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const file = join(import.meta.dirname, "../test/golden/fingerprints.json");
writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
console.log(`wrote ${file}`);
