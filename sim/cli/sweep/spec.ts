/**
 * The sweep file: which scenario to vary, how, how often, and what to report.
 *
 * ```yaml
 * name: Retry laws after a 6-hour outage
 * base: ../retry-storm.yaml            # the scenario, relative to this file (or a bundled name)
 * replications: 10                     # seeds 1..10; replication k uses seed k in EVERY configuration
 * parameters:                          # the full grid over these scenario paths
 *   hosts.relay.mta.profile: [postfix, sendmail, qmail, exim, rfc5321]
 *   links[0].bandwidth: [64kbps, 1.5Mbps]
 * baseline: postfix / 1.5Mbps          # the configuration paired differences are taken against
 * metrics: [delivered, drainTime, linkUtilPeak]
 * links: [internet--gateway]           # links whose utilisation is reported (default: all of the scenario's)
 * ```
 *
 * Instead of a grid, `configurations:` lists named ones, each a map of path → value:
 * `- { name: small-line, set: { links[0].bandwidth: 64kbps, faults[0].for: 24h } }`.
 * A grid configuration is named after its values joined by " / " (`postfix / 64kbps`).
 *
 * Paths are scenario paths as errors print them: `hosts.gateway.mta.profile`,
 * `links[0].bandwidth`, `zones["example.gr.jp"]` for keys that contain dots.
 *
 * The file is validated by the same machinery as a scenario (zod + YAML positions),
 * so its errors read `sweep.yaml:7:30: parameters...: what is wrong (expected ...)`.
 * `scenarios/sweeps/sweep.schema.json` is generated from {@link sweepSchema}.
 */
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { parseDuration } from "../../engine";
import { ScenarioError, type Problem } from "../../scenario/errors";
import { Positions } from "../../scenario/positions";
import { METRIC_FAMILIES, type MetricFamily } from "./metrics";

const value = z.unknown().describe("a scenario value, written as in the scenario (e.g. 1.5Mbps, 6h, postfix)");

export const sweepSchema = z
  .object({
    name: z.string().optional().describe("title of the sweep (reports and charts)"),
    description: z.string().optional(),
    base: z.string().describe("the base scenario: a path relative to this file, or the name of a bundled scenario"),
    replications: z.number().int().positive().optional().describe("replications per configuration: seeds 1..n (default 1 unless seeds is given)"),
    seeds: z.array(z.union([z.number().int(), z.string()])).min(1).optional().describe("explicit seeds, one per replication (instead of replications)"),
    parameters: z.record(z.string(), z.array(value).min(1)).optional().describe("scenario path -> values: every combination is a configuration"),
    configurations: z
      .array(z.object({ name: z.string().min(1), set: z.record(z.string(), value) }).strict())
      .min(1)
      .optional()
      .describe("named configurations, each setting scenario paths (instead of parameters)"),
    baseline: z.string().optional().describe("configuration the paired differences are against (default: the first)"),
    metrics: z.array(z.enum(METRIC_FAMILIES as unknown as [MetricFamily, ...MetricFamily[]])).min(1).optional().describe("metrics to report (default: all)"),
    hosts: z.array(z.string()).optional().describe("MTA hosts whose peak queue is reported (default: all)"),
    links: z.array(z.string()).optional().describe("links whose utilisation is reported (default: all the scenario's own links)"),
    until: z.string().optional().describe("stop each run at this simulated time (default: the scenario's duration)"),
  })
  .strict();

export type SweepSpec = z.output<typeof sweepSchema>;

/** A sweep file, read and checked, with what is needed to point at its lines. */
export interface SweepFile {
  spec: SweepSpec;
  file: string;
  pos: Positions;
  seeds: (number | string)[];
  until?: number;
}

function valueAt(v: unknown, path: (string | number)[]): unknown {
  for (const seg of path) v = v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[seg] : undefined;
  return v;
}

/** Parse and validate a sweep file's text; a {@link ScenarioError} lists every problem. */
export function readSweepFile(text: string, file: string): SweepFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const at = (path: (string | number)[], message: string, expected?: string, key?: string): Problem => ({
    path, message, expected, ...pos.of(path, key), severity: "error",
  });
  if (doc.errors.length > 0) {
    throw new ScenarioError(file, doc.errors.map((e) => ({
      path: [], message: `YAML syntax: ${e.message.split("\n")[0]}`, line: e.linePos?.[0].line ?? 1, col: e.linePos?.[0].col ?? 1, severity: "error" as const,
    })));
  }
  const pos = new Positions(doc, lines);
  const parsed = sweepSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new ScenarioError(file, parsed.error.issues.map((i) => {
      const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
      if (i.code === "unrecognized_keys") return at(path, `unknown field "${i.keys[0]}"`, undefined, i.keys[0]);
      if (i.code === "invalid_value") return at(path, `not allowed: ${JSON.stringify(valueAt(doc.toJS(), path))}`, `one of ${i.values.map(String).join(", ")}`);
      return at(path, i.message);
    }));
  }
  const spec = parsed.data;
  const problems: Problem[] = [];
  if ((spec.parameters === undefined) === (spec.configurations === undefined))
    problems.push(at([], "give either parameters (a grid) or configurations (named)", "exactly one of parameters, configurations"));
  if (spec.replications !== undefined && spec.seeds !== undefined && spec.replications !== spec.seeds.length)
    problems.push(at(["replications"], `${spec.replications} replications but ${spec.seeds.length} seeds`, "one seed per replication"));
  let until: number | undefined;
  if (spec.until !== undefined) {
    try {
      until = parseDuration(spec.until);
    } catch (e) {
      problems.push(at(["until"], (e as Error).message, "a duration like 12h"));
    }
  }
  const names = new Set<string>();
  spec.configurations?.forEach((c, i) => {
    if (names.has(c.name)) problems.push(at(["configurations", i, "name"], `duplicate configuration "${c.name}"`));
    names.add(c.name);
  });
  if (problems.length > 0) throw new ScenarioError(file, problems);
  const seeds = spec.seeds ?? Array.from({ length: spec.replications ?? 1 }, (_, k) => k + 1);
  return { spec, file, pos, seeds, until };
}

/** The sweep file format as a JSON Schema (draft 2020-12), generated from {@link sweepSchema}: `scenarios/sweeps/sweep.schema.json`. */
export function sweepJsonSchemaText(): string {
  const body = z.toJSONSchema(sweepSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  const schema = { ...body, $id: "https://mxsim.example/sweep.schema.json", title: "mxsim sweep", description: "A sweep for mxsim: a base scenario, parameters to vary, replications, metrics (see scenarios/sweeps/README.md)." };
  return JSON.stringify(schema, null, 2) + "\n";
}
