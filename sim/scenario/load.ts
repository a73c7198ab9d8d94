/**
 * Loading a scenario: YAML text -> a validated {@link Scenario} with every quantity
 * in SI units, or a {@link ScenarioError} listing every problem with its position.
 *
 * Three passes, each reporting all it finds: the YAML document (syntax, duplicate
 * keys, nesting and alias limits: read-yaml.ts), the schema (types, units, unknown
 * fields), then references between sections (a link to a host that does not exist,
 * a fault on an unknown link).
 */
import type { z } from "zod";
import { ScenarioError, type Path, type Problem } from "./errors";
import { Positions } from "./positions";
import { readYaml } from "./read-yaml";
import { checkDnsSection } from "./dns-check";
import { checkMailSection } from "./mail-check";
import { checkDefenceSection } from "./defence-check";
import { checkMailFaults } from "./mail-faults";
import { scenario as scenarioSchema, type ScenarioSpec } from "./schema";

export interface Scenario extends ScenarioSpec {
  /** The file the scenario came from (for messages). */
  file: string;
  /** Link names, in the order of `links` ("a--b" unless named). */
  linkNames: string[];
  /** Non-fatal problems (e.g. an unused host). */
  warnings: Problem[];
}

export function linkName(l: { between: readonly [string, string]; name?: string }): string {
  return l.name ?? `${l.between[0]}--${l.between[1]}`;
}

export function loadScenario(text: string, file = "scenario.yaml"): Scenario {
  const { source, problems: yamlProblems } = readYaml(text);
  if (source === undefined) throw new ScenarioError(file, yamlProblems);
  const pos = new Positions(source.doc, source.lines);
  const raw = source.value;
  const parsed = scenarioSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const schemaProblems = parsed.error.issues.flatMap((i) => issueToProblems(i, pos, raw));
    throw new ScenarioError(file, [...schemaProblems, ...referencesOfRaw(raw, pos, schemaProblems)]);
  }
  const spec = parsed.data;
  const problems = [...checkReferences(spec, pos), ...checkDnsSection(spec, pos), ...checkMailSection(spec, pos), ...checkMailFaults(spec, pos), ...checkDefenceSection(spec, pos)];
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new ScenarioError(file, errors);
  return {
    ...spec,
    file,
    linkNames: spec.links.map(linkName),
    warnings: problems.filter((p) => p.severity === "warning"),
  };
}

/**
 * When the schema pass failed, the reference checks still run on what could be read
 * (hosts by name, links with two host names, traffic and faults as maps), so a
 * misspelt host is reported in the same pass as a bad unit. Problems at or under a
 * path the schema pass already reported are left out (one complaint per mistake).
 */
function referencesOfRaw(raw: unknown, pos: Positions, already: readonly Problem[]): Problem[] {
  if (raw === null || typeof raw !== "object") return [];
  const r = raw as Record<string, unknown>;
  const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isMap(r.hosts)) return [];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const unreadable = new Set<string>();
  // Keep indices (paths must point at the YAML items); unreadable items become inert placeholders.
  const links = list(r.links).map((l, i) => {
    if (isMap(l) && Array.isArray(l.between) && l.between.length === 2 && l.between.every((h) => typeof h === "string"))
      return { between: l.between as [string, string], name: typeof l.name === "string" ? l.name : undefined };
    unreadable.add(`links.${i}`);
    return undefined;
  });
  const routes = list(r.routes).map((x, i) => {
    if (isMap(x) && typeof x.from === "string" && typeof x.to === "string" && Array.isArray(x.via) && x.via.every((h) => typeof h === "string")) return x;
    unreadable.add(`routes.${i}`);
    return { from: "", to: "", via: [] };
  });
  const spec = {
    hosts: r.hosts,
    links: links.filter((l) => l !== undefined),
    routes,
    traffic: list(r.traffic).map((t) => (isMap(t) && t.kind === "transfers" && typeof t.from === "string" && typeof t.to === "string" ? t : { kind: "other" })),
    faults: list(r.faults).map((f) => (isMap(f) ? f : { dns: "" })),
  } as unknown as ScenarioSpec;
  const covered = (p: Problem): boolean =>
    unreadable.has(`${String(p.path[0])}.${String(p.path[1])}`) ||
    already.some((a) => a.path.length <= p.path.length && a.path.every((seg, i) => seg === p.path[i]));
  // Readable links are checked at their own indices in the file.
  const index = links.flatMap((l, i) => (l === undefined ? [] : [i]));
  return checkReferences(spec, pos, index).filter((p) => !covered(p));
}

function issueToProblems(issue: z.core.$ZodIssue, pos: Positions, raw: unknown): Problem[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
  if (valueAt(raw, path) === undefined && issue.code !== "unrecognized_keys") {
    const expected = issue.code === "invalid_type" ? issue.expected : issue.code === "invalid_union" ? unionTypes(issue) : undefined;
    return [{ path, message: "missing", expected, ...pos.of(path), severity: "error" }];
  }
  const at = (p: Path, key?: string) => ({ ...pos.of(p, key), severity: "error" as const });
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((k) => ({ path: [...path, k], message: `unknown field "${k}"`, ...at(path, k) }));
    case "invalid_type":
      return [{ path, message: `wrong type (${describe(valueAt(raw, path))})`, expected: issue.expected, ...at(path) }];
    case "invalid_value":
      return [{ path, message: `not allowed: ${JSON.stringify(valueAt(raw, path))}`, expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`, ...at(path) }];
    case "invalid_union": {
      if ("discriminator" in issue && issue.discriminator !== undefined) {
        const options = (issue as { options?: unknown[] }).options ?? [];
        return [{ path, message: `unknown ${issue.discriminator}`, expected: `one of ${options.map((o) => JSON.stringify(o)).join(", ")}`, ...at(path) }];
      }
      const types = unionTypes(issue);
      if (types !== undefined) return [{ path, message: `wrong type (${describe(valueAt(raw, path))})`, expected: types, ...at(path) }];
      return [{ path, message: "does not match any accepted form", ...at(path) }];
    }
    case "custom": {
      const expected = (issue.params as { expected?: string } | undefined)?.expected;
      return [{ path, message: issue.message, expected, ...at(path) }];
    }
    default:
      return [{ path, message: issue.message, ...at(path) }];
  }
}

/** For a union whose alternatives each failed on the type of the whole value: the types that would do. */
function unionTypes(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== "invalid_union" || !("errors" in issue)) return undefined;
  const branches = issue.errors;
  const types = branches.flatMap((b) => b.filter((i) => i.code === "invalid_type" && i.path.length === 0).map((i) => (i as { expected: string }).expected));
  return types.length === branches.length && types.length > 0 ? [...new Set(types)].join(" or ") : undefined;
}

function valueAt(raw: unknown, path: Path): unknown {
  let v = raw;
  for (const seg of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  return typeof v === "object" ? "a map" : `${typeof v} ${JSON.stringify(v)}`;
}

function checkReferences(s: ScenarioSpec, pos: Positions, linkIndex?: readonly number[]): Problem[] {
  const problems: Problem[] = [];
  const li = (i: number): number => linkIndex?.[i] ?? i;
  const hostNames = Object.keys(s.hosts);
  const hosts = new Set(hostNames);
  const links = new Set(s.links.map(linkName));
  const err = (path: Path, message: string, expected?: string): void => {
    problems.push({ path, message, expected, ...pos.of(path), severity: "error" });
  };
  const hostList = (): string => (hostNames.length > 8 ? `a host defined under hosts` : `one of the hosts: ${hostNames.join(", ")}`);
  const needHost = (path: Path, name: string): void => {
    if (!hosts.has(name)) err(path, `unknown host "${name}"`, hostList());
  };
  s.links.forEach((l, i) => {
    l.between.forEach((h, j) => needHost(["links", li(i), "between", j], h));
    if (l.between[0] === l.between[1]) err(["links", li(i), "between"], "a link must join two different hosts");
  });
  const seenLinks = new Set<string>();
  s.links.forEach((l, i) => {
    const n = linkName(l);
    if (seenLinks.has(n)) err(["links", li(i)], `duplicate link "${n}"`, "each link once (give parallel links a name)");
    seenLinks.add(n);
  });
  (s.routes ?? []).forEach((r, i) => {
    needHost(["routes", i, "from"], r.from);
    needHost(["routes", i, "to"], r.to);
    r.via.forEach((h, j) => needHost(["routes", i, "via", j], h));
    if (r.via[0] !== r.from || r.via[r.via.length - 1] !== r.to)
      err(["routes", i, "via"], "the path must start at `from` and end at `to`");
  });
  s.traffic.forEach((t, i) => {
    if (t.kind !== "transfers") return; // other kinds are checked where they are defined (dns-check.ts)
    needHost(["traffic", i, "from"], t.from);
    needHost(["traffic", i, "to"], t.to);
    if (t.rate === undefined && t.count === undefined)
      err(["traffic", i], "neither count nor rate given", "count (all at start), rate (Poisson), or both");
  });
  const target = (path: Path, name: string): void => {
    if (!hosts.has(name) && !links.has(name))
      err(path, `unknown host or link "${name}"`, `a host name or a link name (${[...links].slice(0, 4).join(", ")}${links.size > 4 ? ", ..." : ""})`);
  };
  s.faults.forEach((f, i) => {
    if (f.dns !== undefined || f.rbl !== undefined || f.mta !== undefined) return; // DNS faults: dns-check.ts; MTA faults: defence-check.ts
    if (f.spool !== undefined) return; // spool faults: mail-faults.ts
    const kinds = [f.down !== undefined, f.up !== undefined, f.bandwidth !== undefined].filter(Boolean).length;
    if (kinds !== 1) err(["faults", i], "a fault does exactly one thing", "one of down, up, or link + bandwidth");
    if (f.down !== undefined) target(["faults", i, "down"], f.down);
    if (f.up !== undefined) target(["faults", i, "up"], f.up);
    if (f.for !== undefined && f.down === undefined) err(["faults", i, "for"], "`for` only goes with `down`");
    if (f.bandwidth !== undefined) {
      if (f.link === undefined) err(["faults", i], "bandwidth change without a link", "link: <link name>");
      else if (!links.has(f.link)) err(["faults", i, "link"], `unknown link "${f.link}"`, `one of the links: ${[...links].join(", ")}`);
    }
  });
  return problems;
}
