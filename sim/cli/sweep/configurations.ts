/**
 * From a sweep file to the configurations it names, each a complete scenario text.
 *
 * A parameter is applied to the base scenario's *parsed YAML document*, before
 * validation: the value is set at its path (`links[0].bandwidth`), the document is
 * printed back to YAML, and the ordinary scenario loader validates the result. So a
 * configuration is checked exactly like a scenario a user wrote, and every error
 * still points into the right file:
 *
 *  - a problem at (or under) a path the sweep set is reported at the value in the
 *    *sweep file* (`sweep.yaml:6:40: hosts.relay.mta.profile: not allowed: "postfx"`);
 *  - any other problem is reported in the *base scenario*, at the line where that
 *    path is written there (printing may move lines; positions are mapped back).
 *
 * The configuration's text is what each run loads — a run is a pure function of
 * (scenario text, seed) — and the sweep keeps it in its output folder
 * (`configs/<name>.yaml`), so `mxsim run` reproduces any run exactly.
 */
import { LineCounter, parseDocument, type Document } from "yaml";
import { formatPath, formatProblem, ScenarioError, type Path, type Problem } from "../../scenario/errors";
import { loadScenario, type Scenario } from "../../scenario/load";
import { Positions } from "../../scenario/positions";
import type { SweepFile } from "./spec";

export interface Setting {
  /** The path as written in the sweep file, and parsed. */
  written: string;
  path: Path;
  value: unknown;
  /** Where the value is written in the sweep file. */
  at: Path;
}

export interface Configuration {
  name: string;
  settings: Setting[];
  /** The base scenario with the settings applied: what every run of this configuration loads. */
  text: string;
  scenario: Scenario;
}

/** `hosts.gateway.mta.profile` → ["hosts", "gateway", "mta", "profile"]; `links[0]` → ["links", 0]; `zones["a.b"]` → ["zones", "a.b"]. */
export function parsePath(s: string): Path | string {
  const out: (string | number)[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === "[") {
      const close = s.indexOf("]", i);
      if (close < 0) return `unclosed "[" at character ${i + 1}`;
      const inner = s.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (/^"[^"]*"$/.test(inner)) out.push(inner.slice(1, -1));
      else return `"[${inner}]" is neither an index nor a quoted key`;
      i = close + 1;
      if (s[i] === ".") i++;
      continue;
    }
    let j = i;
    while (j < s.length && s[j] !== "." && s[j] !== "[") j++;
    if (j === i) return `empty segment at character ${i + 1}`;
    out.push(s.slice(i, j));
    i = s[j] === "." ? j + 1 : j;
    if (s[j] === "." && i === s.length) return "trailing dot";
  }
  return out.length > 0 ? out : "empty path";
}

/** A short label for a value in a configuration's name. */
function label(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The configurations a sweep file names: the grid over `parameters`, or the named `configurations`. */
export function configurationSettings(sweep: SweepFile): { name: string; settings: Setting[] }[] {
  const problems: Problem[] = [];
  const parse = (written: string, at: Path): Path => {
    const p = parsePath(written);
    if (typeof p === "string") {
      problems.push({ path: at, message: `cannot read the scenario path "${written}": ${p}`, expected: 'a path like hosts.gateway.mta.profile or links[0].bandwidth', ...sweep.pos.of(at.slice(0, -1), String(at[at.length - 1])), severity: "error" });
      return [];
    }
    return p;
  };
  let out: { name: string; settings: Setting[] }[] = [];
  const { parameters, configurations } = sweep.spec;
  if (parameters !== undefined) {
    out = [{ name: "", settings: [] }];
    for (const [written, values] of Object.entries(parameters)) {
      const path = parse(written, ["parameters", written]);
      out = out.flatMap((c) => values.map((v, i) => ({
        name: c.name === "" ? label(v) : `${c.name} / ${label(v)}`,
        settings: [...c.settings, { written, path, value: v, at: ["parameters", written, i] }],
      })));
    }
  } else if (configurations !== undefined) {
    out = configurations.map((c, i) => ({
      name: c.name,
      settings: Object.entries(c.set).map(([written, v]) => ({ written, path: parse(written, ["configurations", i, "set", written]), value: v, at: ["configurations", i, "set", written] })),
    }));
  }
  const seen = new Map<string, number>();
  for (const c of out) {
    const n = seen.get(c.name) ?? 0;
    seen.set(c.name, n + 1);
    if (n > 0) problems.push({ path: ["parameters"], message: `two configurations are both named "${c.name}"`, expected: "distinct values", ...sweep.pos.of(["parameters"]), severity: "error" });
  }
  if (problems.length > 0) throw new ScenarioError(sweep.file, problems);
  return out;
}

const isPrefix = (a: Path, b: Path): boolean => a.length <= b.length && a.every((s, i) => String(s) === String(b[i]));

/** Errors from more than one file (the sweep file and the base scenario), each line already formatted. */
export class SweepInputError extends ScenarioError {
  constructor(lines: string[], file: string) {
    super(file, []);
    this.message = lines.join("\n");
  }
}

/**
 * Apply each configuration's settings to the base scenario and load it. Every
 * configuration is checked before any run starts; all problems of all
 * configurations are reported together (once each).
 */
export function buildConfigurations(sweep: SweepFile, baseText: string, baseFile: string): Configuration[] {
  const lines = new LineCounter();
  const base = parseDocument(baseText, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (base.errors.length > 0) loadScenario(baseText, baseFile); // throws the loader's positioned YAML errors
  const basePos = new Positions(base, lines);
  const errors: string[] = [];
  const out: Configuration[] = [];
  for (const c of configurationSettings(sweep)) {
    const doc = base.clone();
    const bad: string[] = [];
    for (const s of c.settings) {
      const why = checkSettable(doc, s.path);
      if (why !== undefined) bad.push(formatProblem(sweep.file, { path: s.at, message: why, expected: "a path into the base scenario", ...sweep.pos.of(s.at), severity: "error" }));
      else doc.setIn(s.path, doc.createNode(s.value, { flow: true }));
    }
    if (bad.length > 0) {
      errors.push(...bad);
      continue;
    }
    const text = doc.toString({ lineWidth: 0 });
    try {
      out.push({ name: c.name, settings: c.settings, text, scenario: loadScenario(text, baseFile) });
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      const printed = positionsOf(text);
      for (const p of e.problems) {
        const s = c.settings.find((x) => isPrefix(x.path, p.path));
        if (s !== undefined) {
          errors.push(formatProblem(sweep.file, { ...p, ...sweep.pos.of(s.at), message: `${p.message} [configuration "${c.name}" of ${baseFile}]` }));
        } else {
          const was = basePos.of(p.path), now = printed.of(p.path);
          const line = p.line + (was.line - now.line);
          const col = p.line === now.line ? was.col + (p.col - now.col) : p.col;
          errors.push(formatProblem(baseFile, { ...p, line, col, message: `${p.message} [configuration "${c.name}" of ${sweep.file}]` }));
        }
      }
    }
  }
  if (errors.length > 0) throw new SweepInputError([...new Set(errors)], sweep.file);
  return out;
}

function positionsOf(text: string): Positions {
  const lc = new LineCounter();
  return new Positions(parseDocument(text, { lineCounter: lc }), lc);
}

/** Why `path` cannot be set in `doc` (undefined if it can): parents must be maps, indices must exist. */
function checkSettable(doc: Document, path: Path): string | undefined {
  let node: unknown = doc.toJS();
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (node === undefined || node === null) return undefined; // created as maps by setIn
    if (Array.isArray(node)) {
      if (typeof seg !== "number") return `${formatPath(path.slice(0, i))} is a list: index it like [0]`;
      if (seg >= node.length) return `${formatPath(path.slice(0, i + 1))} does not exist (the list has ${node.length} item${node.length === 1 ? "" : "s"})`;
      node = node[seg];
    } else if (typeof node === "object") {
      if (typeof seg === "number") return `${formatPath(path.slice(0, i))} is a map, not a list`;
      node = (node as Record<string, unknown>)[seg];
    } else {
      return `${formatPath(path.slice(0, i))} is a single value, it has no ${typeof seg === "number" ? `[${seg}]` : `"${seg}"`}`;
    }
  }
  return undefined;
}
