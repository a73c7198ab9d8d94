/**
 * Loading a scenario: YAML text -> a validated {@link Scenario} with every quantity
 * in SI units, or a {@link ScenarioError} listing every problem with its position.
 *
 * Three passes, each reporting all it finds: the YAML document (syntax, duplicate
 * keys, nesting and alias limits: read-yaml.ts), the schema (types, units, unknown
 * fields), then every section's checks, in table order (sections.ts): references
 * between parts (a link to a host that does not exist, a fault on an unknown link),
 * texts inside the YAML (zones, mailertables, access dbs), and what each concern requires.
 */
import type { z } from "zod";
import { ScenarioError, type Path, type Problem } from "./errors";
import { Positions } from "./positions";
import { linkName, type Scenario } from "./model";
import { checkReferences } from "./net-section";
import { readYaml } from "./read-yaml";
import { scenario as scenarioSchema, type ScenarioSpec } from "./schema";
import { SECTIONS } from "./sections";

export { linkName, type Scenario } from "./model";

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
  // Host names are looked up by key everywhere: a map without a prototype finds no
  // "constructor" or "__proto__" host that the scenario did not define.
  const spec: ScenarioSpec = { ...parsed.data, hosts: nameMap(parsed.data.hosts) };
  const problems = SECTIONS.flatMap((section) => section.check?.(spec, pos) ?? []);
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
    hosts: nameMap(r.hosts),
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

/** The same entries in an object with no prototype: only the keys written are found. */
function nameMap<T>(m: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, m);
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

