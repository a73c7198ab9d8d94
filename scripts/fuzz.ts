/**
 * `npm run fuzz -- [--seconds N] [--cases N] [--seed S] [--from I]`: a long fuzz campaign over the
 * bundled scenarios (test/fuzz/), printing the counts of each outcome and every distinct
 * defect with its smallest reproducer. Exit 1 when any defect was found.
 */
import { campaign } from "../test/fuzz/campaign";

const arg = (name: string): number | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 0) {
    console.error(`fuzz: --${name} takes a whole number (got "${process.argv[i + 1]}")`);
    process.exit(2);
  }
  return v;
};
const seed = arg("seed") ?? 1;
const cases = arg("cases");
const seconds = arg("seconds") ?? (cases === undefined ? 60 : undefined);
const from = arg("from") ?? 0;
// Each case is named on stderr before it runs, so one that takes the process down (V8 out of memory) is the last named.
const t0 = performance.now();

const r = campaign({
  seed, cases, seconds, from, caps: { maxEvents: 200_000, maxWallMs: 2_000 },
  onStart: (i, scenario) => void process.stderr.write(`\rfuzz: case ${scenario}, seed ${seed}, index ${i} (--from ${i} --cases 1 repeats it)   `),
});
process.stderr.write("\n");
console.log(`fuzz: seed ${seed}, ${r.cases - from} cases from index ${from} in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${r.counts.invalid} refused with positions, ${r.counts.ran} ran with the balance holding, ${r.counts.stopped} stopped by a guard, ${r.counts.defect} defects`);
for (const d of r.defects) {
  console.log(`\n${d.count} × ${d.why}\n  smallest: ${d.smallest.scenario}, seed ${seed}, index ${d.smallest.index} (${d.smallest.steps.join(", ")})\n${d.smallest.text.split("\n").map((l) => `    ${l}`).join("\n")}`);
}
process.exit(r.defects.length > 0 ? 1 : 0);
