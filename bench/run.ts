/**
 * `npm run bench [-- NAME...] [-- --json] [-- --peers]`: runs the benchmark cases in bench/cases.
 * Each case prints its figure, its baseline from the same run, and the ratio. The peers
 * (SimPy, SimGrid: bench/peers.ts) run interleaved with ours when Debian's packages are
 * installed; `--peers` installs them first when run as root (scripts/prereqs.mjs).
 * It runs bundled (bench/build.mjs); `node --import tsx bench/run.ts` runs the sources as they are.
 *
 * Every case runs in a process of its own (this script again, with `--child NAME`),
 * as JMH forks a JVM per benchmark: a case must not inherit the heap another left
 * behind. (After the ISP day in the same process, the relay chain runs up to a third
 * slower, and would report the ISP day's peak memory as its own.)
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchResult } from "./harness";
import { CASES } from "./cases";
import { installed, PEER_INSTALL, SIMGRID, SIMPY } from "./peers";

const args = process.argv.slice(2);
const json = args.includes("--json");
const child = args.indexOf("--child");
const wanted = args.filter((a, i) => !a.startsWith("--") && !(child >= 0 && i === child + 1));
const cases = CASES;
const RESULT = "bench-result ";

if (child >= 0) {
  // The child: run one case, hand its result to the parent on one marked line.
  const c = cases.find((x) => x.name === args[child + 1]);
  if (c === undefined) throw new Error(`bench: no case ${args[child + 1]}`);
  const r = await c.run();
  process.stdout.write(`${RESULT}${JSON.stringify(r)}\n`);
  process.exit(0);
}

/** Run one case in a fresh process with this process's flags; its result. */
function runIsolated(name: string): BenchResult {
  const p = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", name], {
    encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20,
  });
  const line = p.stdout.split("\n").find((l) => l.startsWith(RESULT));
  if (p.status !== 0 || line === undefined) throw new Error(`bench: case ${name} failed (exit ${p.status ?? p.signal})`);
  return JSON.parse(line.slice(RESULT.length)) as BenchResult;
}

const unknown = wanted.filter((w) => !cases.some((c) => c.name === w));
if (unknown.length > 0) {
  console.error(`bench: unknown case(s) ${unknown.join(", ")} (known: ${cases.map((c) => c.name).join(", ")})`);
  process.exit(2);
}
const selected = wanted.length > 0 ? wanted.map((w) => cases.find((c) => c.name === w)!) : cases;

if (args.includes("--peers")) {
  const root = fileURLToPath(new URL(".", import.meta.url)).replace(/\/(\.bench\/out|bench)\/$/, "");
  const p = spawnSync(process.execPath, [`${root}/scripts/prereqs.mjs`, "peers"], { stdio: ["ignore", "inherit", "inherit"] });
  if (p.status !== 0) process.exit(1);
}
const absent = [SIMPY, SIMGRID].filter((p) => !installed(p));
if (absent.length > 0) {
  process.stderr.write(`bench: ${absent.map((p) => p.label).join(" and ")} not installed; their figures are typed in from an earlier day and labelled so (${PEER_INSTALL})\n`);
}

const fmt = (x: number): string =>
  Math.abs(x) >= 1e6 ? `${(x / 1e6).toFixed(3)}M` : Math.abs(x) >= 1e4 ? `${(x / 1e3).toFixed(1)}k` : x.toPrecision(4);

const out: (BenchResult & { name: string })[] = [];
for (const c of selected) {
  if (!json) process.stdout.write(`${c.name.padEnd(18)} ${c.description}\n`);
  const r = runIsolated(c.name);
  out.push({ name: c.name, ...r });
  if (!json) {
    process.stdout.write(
      `  value    ${fmt(r.value)} ${r.unit}\n` +
        `  baseline ${fmt(r.baseline)} ${r.unit} (${r.baselineLabel})\n` +
        `  ratio    ${r.ratio.toFixed(3)}x   wall ${r.wallS.toFixed(3)} s   peak ${r.peakMB} MB\n` +
        (r.peer ? `  peer     ${fmt(r.peer.value)} ${r.unit} (${r.peer.label}): ratio ${r.peer.ratio.toFixed(3)}x\n` : "") +
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
