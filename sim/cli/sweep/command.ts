/**
 * `mxsim sweep` and `mxsim worker`.
 *
 *   mxsim sweep <sweep.yaml> [--out DIR] [--workers N] [--replications N] [--queue redis://HOST:PORT] [--queue-name NAME]
 *   mxsim worker --queue redis://HOST:PORT [--workers N] [--max-jobs N] [--queue-name NAME]
 *
 * A sweep: read the sweep file (spec.ts), build every configuration from the base
 * scenario and check them all (configurations.ts), list the runs (configuration ×
 * replication, replication k on seed k everywhere), skip those already in the
 * output folder (store.ts), run the rest on worker processes (local.ts) or as jobs
 * on a Redis queue (queue.ts), then write the reports (report.ts, charts.ts) from
 * all the runs and print the table.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ScenarioError, type Path, type Problem } from "../../scenario/errors";
import { parseFlags as flags, UsageError, wholeNumber } from "../args";
import { chartFileName, chartsFile, chartSvg } from "./charts";
import { buildConfigurations, type Configuration } from "./configurations";
import { defaultWorkers, runLocal } from "./local";
import { progressLine } from "./progress";
import { DEFAULT_QUEUE_NAME, QueueUnreachable, runOnQueue, serveQueue } from "./queue";
import { analyse, formatReport, reportColumns, resultsCsv, summaryCsv, type ReportPlan } from "./report";
import { runKey, type RunJob, type RunRecord } from "./run-task";
import { readSweepFile, type SweepFile } from "./spec";
import { slug, SweepStore } from "./store";

export const SWEEP_USAGE = `  mxsim sweep <sweep.yaml> [--out DIR] [--workers N] [--replications N] [--queue redis://HOST:PORT] [--queue-name NAME]
  mxsim worker --queue redis://HOST:PORT [--workers N] [--max-jobs N] [--queue-name NAME]`;

type Say = (s: string) => void;

/**
 * How scenario files are found: main.ts's resolver (a path, or a bundled scenario's
 * name) and the bundled scenarios' folder. Passed in rather than imported, so that
 * main.ts and this module do not import each other.
 */
export interface ScenarioFiles {
  resolve: (arg: string) => { file: string; text: string };
  dir: string;
}

/** Worker processes on one machine: more than this is a typo, not a machine. */
const MAX_WORKERS = 1024;

function positiveInt(flag: string, v: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  return wholeNumber(flag, v, { min: 1, max });
}

/** A sweep file path, or the name of a bundled one in scenarios/sweeps/. */
function resolveSweepFile(arg: string | undefined, files: ScenarioFiles): string {
  if (arg === undefined) throw new UsageError("missing <sweep.yaml>");
  const dir = join(files.dir, "sweeps");
  const file = [arg, join(dir, arg), join(dir, `${arg}.yaml`)].find((c) => existsSync(c) && !c.endsWith("/"));
  if (file === undefined) throw new UsageError(`no sweep file "${arg}" (and no bundled sweep of that name in scenarios/sweeps/)`);
  return file;
}

/** The base scenario: relative to the sweep file first, then a bundled scenario. */
function resolveBase(sweep: SweepFile, files: ScenarioFiles): { file: string; text: string } {
  const near = resolve(dirname(sweep.file), sweep.spec.base);
  if (existsSync(near)) return files.resolve(near);
  try {
    return files.resolve(sweep.spec.base);
  } catch {
    const p = sweep.pos.of(["base"]);
    throw new ScenarioError(sweep.file, [{ path: ["base"], message: `no scenario "${sweep.spec.base}" next to the sweep file or among the bundled ones`, expected: "a path relative to the sweep file, or a bundled scenario name", ...p, severity: "error" }]);
  }
}

export interface SweepSetup {
  sweep: SweepFile;
  configs: Configuration[];
  plan: ReportPlan;
  jobs: RunJob[];
}

/** Everything a sweep will do, checked, before any run starts. */
export function planSweep(file: string, text: string, files: ScenarioFiles, replications?: number): SweepSetup {
  const sweep = readSweepFile(text, file);
  if (replications !== undefined) sweep.seeds = Array.from({ length: replications }, (_, k) => k + 1);
  const base = resolveBase(sweep, files);
  const configs = buildConfigurations(sweep, base.text, base.file);
  const s0 = configs[0].scenario;
  const problems: Problem[] = [];
  const err = (path: Path, message: string, expected: string): void => void problems.push({ path, message, expected, ...sweep.pos.of(path), severity: "error" });
  const names = configs.map((c) => c.name);
  const baseline = sweep.spec.baseline ?? names[0];
  if (!names.includes(baseline)) err(["baseline"], `no configuration named "${baseline}"`, `one of ${names.map((n) => JSON.stringify(n)).join(", ")}`);
  const mtaHosts = Object.keys(configs[0].scenario.hosts).filter((h) => configs.some((c) => c.scenario.hosts[h]?.mta !== undefined));
  const hosts = sweep.spec.hosts ?? mtaHosts;
  hosts.forEach((h, i) => { if (!mtaHosts.includes(h)) err(["hosts", i], `"${h}" is not an MTA host of the base scenario`, `one of ${mtaHosts.join(", ")}`); });
  const links = sweep.spec.links ?? s0.linkNames;
  links.forEach((l, i) => { if (!s0.linkNames.includes(l)) err(["links", i], `no link "${l}" in the base scenario`, `one of ${s0.linkNames.join(", ")}`); });
  if (problems.length > 0) throw new ScenarioError(sweep.file, problems);
  const plan: ReportPlan = {
    name: sweep.spec.name ?? basename(file, ".yaml"), configs: names, seeds: sweep.seeds, baseline,
    columns: reportColumns(sweep.spec.metrics, hosts, links), links,
  };
  const jobs: RunJob[] = configs.flatMap((c) => sweep.seeds.map((seed, k) => ({
    key: runKey(c.text, c.scenario.file, seed, sweep.until), config: c.name, replication: k + 1, seed,
    text: c.text, file: c.scenario.file, until: sweep.until,
  })));
  return { sweep, configs, plan, jobs };
}

/** Write the reports from the runs and return the printed table. */
export function writeReports(store: SweepStore, plan: ReportPlan, runs: RunRecord[]): string {
  const stats = analyse(plan, runs);
  store.write("results.csv", resultsCsv(plan, runs));
  store.write("summary.csv", summaryCsv(plan, stats));
  const charts = chartsFile(plan, stats);
  store.write("charts.json", JSON.stringify(charts, null, 1) + "\n");
  for (const c of charts.charts) store.write(join("charts", chartFileName(c.column)), chartSvg(c, plan.name));
  const report = formatReport(plan, stats, runs.length);
  store.write("report.txt", report);
  return report;
}

export async function cmdSweep(args: string[], say: Say, complain: Say, files: ScenarioFiles): Promise<number> {
  const { values, positionals } = flags(args, {
    out: { type: "string" }, workers: { type: "string" }, replications: { type: "string" },
    queue: { type: "string" }, "queue-name": { type: "string" },
  });
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const file = resolveSweepFile(positionals[0], files);
  const workers = positiveInt("workers", values.workers, MAX_WORKERS) ?? defaultWorkers();
  const setup = planSweep(file, readFileSync(file, "utf8"), files, positiveInt("replications", values.replications));
  const out = values.out ?? `${basename(file, ".yaml")}-sweep`;
  const store = new SweepStore(out);
  for (const c of setup.configs) store.write(join("configs", `${slug(c.name)}.yaml`), c.text);
  store.write("sweep.json", JSON.stringify({
    name: setup.plan.name, sweepFile: file, base: setup.configs[0].scenario.file, seeds: setup.plan.seeds, baseline: setup.plan.baseline,
    columns: setup.plan.columns, links: setup.plan.links,
    configurations: setup.configs.map((c) => ({ name: c.name, file: `configs/${slug(c.name)}.yaml`, set: Object.fromEntries(c.settings.map((s) => [s.written, s.value])) })),
  }, null, 2) + "\n");

  const finished = store.finished();
  const remaining = setup.jobs.filter((j) => !finished.has(j.key));
  const where = values.queue !== undefined ? `queue ${values.queue}` : `${workers} worker process${workers === 1 ? "" : "es"}`;
  complain(`mxsim sweep: ${setup.jobs.length} runs (${setup.configs.length} configurations × ${setup.plan.seeds.length} replications): ${setup.jobs.length - remaining.length} already done, ${remaining.length} to run on ${where}; output in ${out}/`);
  const progress = progressLine(remaining.length, values.queue !== undefined ? "queue" : `${workers} workers`);
  const fresh: RunRecord[] = [];
  const onResult = (r: RunRecord): void => {
    store.saveRun(r);
    fresh.push(r);
    progress.tick();
  };
  try {
    if (values.queue !== undefined) await runOnQueue(values.queue, values["queue-name"] ?? DEFAULT_QUEUE_NAME, remaining, onResult);
    else await runLocal(remaining, workers, onResult);
  } catch (e) {
    if (!(e instanceof QueueUnreachable)) throw e;
    progress.done();
    complain(`mxsim sweep: ${e.message} (${fresh.length} runs finished are kept in ${out}/)`);
    return 1;
  } finally {
    progress.done();
  }
  const byKey = new Map([...finished, ...fresh.map((r) => [r.key, r] as const)]);
  const runs = setup.jobs.map((j) => byKey.get(j.key)).filter((r): r is RunRecord => r !== undefined);
  say(writeReports(store, setup.plan, runs).trimEnd());
  say(`\nran ${fresh.length} runs now; reports in ${out}/ (results.csv, summary.csv, report.txt, charts/*.svg, charts.json)`);
  const lost = runs.filter((r) => r.summary.messages.lost > 0);
  if (lost.length > 0) {
    complain(`mxsim sweep: message balance violated in ${lost.length} run(s): ${lost.map((r) => `${r.config} r${r.replication}`).join(", ")}`);
    return 1;
  }
  return 0;
}

export async function cmdWorker(args: string[], complain: Say): Promise<number> {
  const { values, positionals } = flags(args, {
    queue: { type: "string" }, workers: { type: "string" }, "max-jobs": { type: "string" }, "queue-name": { type: "string" },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.queue === undefined) throw new UsageError("mxsim worker needs --queue redis://HOST:PORT");
  try {
    await serveQueue(values.queue, values["queue-name"] ?? DEFAULT_QUEUE_NAME, {
      workers: positiveInt("workers", values.workers, MAX_WORKERS) ?? defaultWorkers(),
      maxJobs: positiveInt("max-jobs", values["max-jobs"]),
      log: complain,
    });
  } catch (e) {
    if (!(e instanceof QueueUnreachable)) throw e;
    complain(`mxsim worker: ${e.message}`);
    return 1;
  }
  return 0;
}

