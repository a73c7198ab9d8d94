/**
 * The `mxsim` command: the only Node-only code of mxsim.
 *
 *   mxsim run <scenario> [--seed N] [--until DURATION] [--json] [--out DIR [--trace] [--svg]] [--pcap FILE] [--no-fingerprint]
 *   mxsim explain <scenario> --message ID [--seed N] [--until DURATION]
 *   mxsim validate <scenario>
 *   mxsim list
 *   mxsim sweep <sweep.yaml> [--out DIR] [--workers N] [--queue redis://HOST:PORT]   (sweep/command.ts)
 *   mxsim worker --queue redis://HOST:PORT [--workers N]
 *
 * Exit codes: 0 success; 1 the run failed (a guard stopped it, or a message was
 * lost); 2 bad input (a scenario error, a flag's bad value, a file that cannot be
 * read or written, an unknown flag). Bad input is one line per problem,
 * `file:line:col: path: what is wrong (expected ...)` for a file's contents and
 * `mxsim: what is wrong (expected ...)` for the rest (args.ts), never a stack trace.
 */
import { closeSync, existsSync, openSync, readFileSync, readdirSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { RunawayError } from "../engine";
import { loadScenario, type Scenario } from "../scenario/load";
import { escapeControls, formatProblem, ScenarioError } from "../scenario/errors";
import { decodeScenario } from "../scenario/utf8";
import { runSimulation } from "../observe/run";
import { capturePcap } from "../observe/pcap";
import { buildSimulation } from "../scenario/simulation";
import { formatSummary } from "./format";
import { attachReports } from "./reports";
import { explainRun } from "./explain";
import { cmdSweep, cmdWorker, SWEEP_USAGE } from "./sweep/command";
import { cmdImport } from "./import";
import { durationFlag, fsErrorLine, InputError, parseFlags as parse, readInput, SEED_RANGE, seedFlag, UsageError, wholeNumber } from "./args";

export const SCENARIO_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../scenarios");

const USAGE = `usage:
  mxsim run <scenario> [--seed N] [--until DURATION] [--json] [--out DIR [--trace] [--svg]] [--pcap FILE]
            [--max-events N] [--max-wall DURATION] [--no-fingerprint]
  mxsim explain <scenario> --message ID [--seed N] [--until DURATION]
  mxsim validate <scenario>
  mxsim list
  mxsim import <sendmail .mc | postfix main.cf> [--mailertable FILE] [--access FILE]
${SWEEP_USAGE}
<scenario> is a YAML file (UTF-8) or the name of a bundled scenario (see mxsim list).
--seed N: a whole number from ${SEED_RANGE.min} to ${SEED_RANGE.max} (±(2^53 - 1), exact in JavaScript).
--max-events N: a whole number from 1 to ${Number.MAX_SAFE_INTEGER}.
DURATION: a number and a unit, as in a scenario (250ms, 30s, 30m, 8h, 2d), above zero.`;

/** Where the command writes: process.stdout and process.stderr, or a test's collector. */
export interface Sink {
  write(s: string): unknown;
}

export async function main(argv: string[], out: Sink = process.stdout, err: Sink = process.stderr): Promise<number> {
  const say = (s: string): void => void out.write(s.endsWith("\n") ? s : s + "\n");
  const complain = (s: string): void => void err.write(s.endsWith("\n") ? s : s + "\n");
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case "run":
        return cmdRun(rest, say, complain);
      case "validate":
        return cmdValidate(rest, say);
      case "sweep":
        return await cmdSweep(rest, say, complain, { resolve: resolveScenario, dir: SCENARIO_DIR });
      case "worker":
        return await cmdWorker(rest, complain);
      case "list":
        return cmdList(say);
      case "explain": {
        const { values, positionals } = parse(rest, { message: { type: "string" }, seed: { type: "string" }, until: { type: "string" } });
        if (values.message === undefined) throw new UsageError("explain needs --message ID (ids are in messages.csv of mxsim run --out)");
        const seed = seedFlag(values.seed);
        const until = durationFlag("until", values.until);
        for (const l of explainRun(load(positionals[0]), values.message, { seed, until })) say(l);
        return 0;
      }
      case "import": {
        const { values, positionals } = parse(rest, { mailertable: { type: "string" }, access: { type: "string" } });
        if (positionals.length !== 1) throw new UsageError("import takes one file: a sendmail .mc or a Postfix main.cf");
        return cmdImport(positionals[0], values, say, complain);
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        say(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof ScenarioError) {
      complain(e.message);
      return 2;
    }
    if (e instanceof InputError) {
      complain(`mxsim: ${escapeControls(e.message)}`);
      return 2;
    }
    if (e instanceof UsageError) {
      complain(`mxsim: ${escapeControls(e.message)}\n${USAGE}`);
      return 2;
    }
    const fs = fsErrorLine(e);
    if (fs !== undefined) {
      complain(`mxsim: ${escapeControls(fs)}`);
      return 2;
    }
    if (e instanceof RunawayError) {
      complain(`mxsim: ${e.message}`);
      return 1;
    }
    if (process.env.MXSIM_DEBUG) throw e;
    complain(`mxsim: internal error: ${(e as Error).message} (set MXSIM_DEBUG=1 for the stack)`);
    return 1;
  }
}

/** A path, or the name of a bundled scenario. */
export function resolveScenario(arg: string | undefined): { file: string; text: string } {
  if (arg === undefined) throw new UsageError("missing <scenario>");
  const candidates = [arg, join(SCENARIO_DIR, arg), join(SCENARIO_DIR, `${arg}.yaml`)];
  const file = candidates.find((c) => existsSync(c) && !c.endsWith("/"));
  if (file === undefined) throw new InputError(`no scenario file "${arg}" (expected a YAML file, or the name of a bundled scenario: see mxsim list)`);
  const rel = relative(process.cwd(), file);
  const shown = rel.startsWith("..") ? file : rel;
  return { file: shown, text: decodeScenario(readInput(file), shown) };
}

function load(arg: string | undefined): Scenario {
  const { file, text } = resolveScenario(arg);
  return loadScenario(text, file);
}

function cmdValidate(args: string[], say: (s: string) => void): number {
  const { positionals } = parse(args, {});
  const s = load(positionals[0]);
  for (const w of s.warnings) say(formatProblem(s.file, w));
  say(`${s.file}: ok (${Object.keys(s.hosts).length} hosts, ${s.links.length} links, ${s.traffic.length} workloads, ${s.faults.length} faults)`);
  return 0;
}

function cmdList(say: (s: string) => void): number {
  const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith(".yaml")).sort();
  for (const f of files) {
    const name = basename(f, ".yaml");
    try {
      const s = loadScenario(readFileSync(join(SCENARIO_DIR, f), "utf8"), f);
      const d = typeof s.description === "string" ? s.description : s.description?.en ?? "";
      say(`${name.padEnd(24)} ${s.name}${d ? ` — ${d.split("\n")[0]}` : ""}`);
    } catch {
      say(`${name.padEnd(24)} (does not load: run mxsim validate ${name})`);
    }
  }
  return 0;
}

function cmdRun(args: string[], say: (s: string) => void, complain: (s: string) => void): number {
  const { values, positionals } = parse(args, {
    seed: { type: "string" },
    until: { type: "string" },
    json: { type: "boolean" },
    out: { type: "string" },
    "max-events": { type: "string" },
    "max-wall": { type: "string" },
    pcap: { type: "string" },
    trace: { type: "boolean" },
    svg: { type: "boolean" },
    "no-fingerprint": { type: "boolean" },
  });
  if ((values.trace === true || values.svg === true) && values.out === undefined) throw new UsageError("--trace and --svg write into --out DIR");
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  // Every flag is read before the scenario is loaded and the run starts, so a typo costs no run.
  const seed = seedFlag(values.seed);
  const until = durationFlag("until", values.until);
  const maxWall = durationFlag("max-wall", values["max-wall"]);
  const maxEvents = wholeNumber("max-events", values["max-events"], { min: 1, max: Number.MAX_SAFE_INTEGER });
  const scenario = load(positionals[0]);
  const progress = !values.json && process.stderr.isTTY ? progressBar() : undefined;
  const sim = buildSimulation(scenario, { seed });
  const pcap = values.pcap === undefined ? undefined : capturePcap(sim.dns.transport); // every DNS datagram, as Ethernet/IPv4/UDP
  const pcapFd = values.pcap === undefined ? undefined : openSync(values.pcap, "w"); // opened now: an unwritable path fails before the run
  const reports = attachReports(sim, values); // messages.csv, --trace events.jsonl, --svg charts (reports.ts); creates --out now
  const { summary, timeseries } = runSimulation(sim, {
    seed,
    until,
    maxEvents,
    maxWallMs: maxWall === undefined ? undefined : maxWall * 1000,
    progress,
    fingerprint: values["no-fingerprint"] !== true,
  });
  if (progress) process.stderr.write("\r\x1b[K");
  for (const w of scenario.warnings) complain(formatProblem(scenario.file, w));
  if (pcap !== undefined && pcapFd !== undefined) {
    writeSync(pcapFd, pcap.bytes());
    closeSync(pcapFd);
  }
  if (values.out !== undefined) {
    writeFileSync(join(values.out, "summary.json"), JSON.stringify(summary, null, 2) + "\n");
    writeFileSync(join(values.out, "timeseries.csv"), timeseries.toCSV());
    reports.write(timeseries);
  }
  say(values.json ? JSON.stringify(summary) : formatSummary(summary));
  if (summary.messages.lost > 0) {
    complain(`mxsim: message balance violated: ${summary.messages.lost} lost (${summary.messages.lostIds.join(", ")})`);
    return 1;
  }
  return 0;
}

function progressBar(): (t: number, until: number) => void {
  let last = -1;
  return (t, until) => {
    const pct = Math.floor((100 * t) / until);
    if (pct === last) return;
    last = pct;
    const w = 30;
    const filled = Math.round((w * pct) / 100);
    process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(w - filled)}] ${pct}%`);
  };
}
