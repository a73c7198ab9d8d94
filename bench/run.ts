/**
 * `npm run bench [-- NAME...] [-- --json]`: runs the benchmark cases in bench/cases.
 * Each case prints its figure, its baseline from the same run, and the ratio.
 * It runs bundled (bench/build.mjs); `node --import tsx bench/run.ts` runs the sources as they are.
 */
import type { BenchResult } from "./harness";
import { CASES } from "./cases";

const args = process.argv.slice(2);
const json = args.includes("--json");
const wanted = args.filter((a) => !a.startsWith("--"));
const cases = CASES;

const unknown = wanted.filter((w) => !cases.some((c) => c.name === w));
if (unknown.length > 0) {
  console.error(`bench: unknown case(s) ${unknown.join(", ")} (known: ${cases.map((c) => c.name).join(", ")})`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted.map((w) => cases.find((c) => c.name === w)!) : cases;

const fmt = (x: number): string =>
  Math.abs(x) >= 1e6 ? `${(x / 1e6).toFixed(3)}M` : Math.abs(x) >= 1e4 ? `${(x / 1e3).toFixed(1)}k` : x.toPrecision(4);

const out: (BenchResult & { name: string })[] = [];
for (const c of selected) {
  if (!json) process.stdout.write(`${c.name.padEnd(18)} ${c.description}\n`);
  const r = await c.run();
  out.push({ name: c.name, ...r });
  if (!json) {
    process.stdout.write(
      `  value    ${fmt(r.value)} ${r.unit}\n` +
        `  baseline ${fmt(r.baseline)} ${r.unit} (${r.baselineLabel})\n` +
        `  ratio    ${r.ratio.toFixed(3)}x   wall ${r.wallS.toFixed(3)} s   peak ${r.peakMB} MB\n` +
        `  target   ${r.target}: ${r.met ? "MET" : "NOT MET"}\n` +
        (r.extra ? Object.entries(r.extra).map(([k, v]) => `  ${k.padEnd(8)} ${v}\n`).join("") : "") +
        "\n",
    );
  }
}
if (json) process.stdout.write(JSON.stringify({ cases: out }, null, 2) + "\n");
else {
  const missed = out.filter((r) => !r.met).map((r) => r.name);
  process.stdout.write(missed.length === 0 ? "all targets met\n" : `targets not met: ${missed.join(", ")}\n`);
}
