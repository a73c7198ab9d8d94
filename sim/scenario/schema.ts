/**
 * The scenario format, defined once with zod. The loader validates with these
 * definitions and `scenarios/scenario.schema.json` is generated from them
 * (`npm run schema`), so the editor's autocompletion and the loader never disagree.
 *
 * The format is a table of sections (the way dns-packet keeps a table of codecs):
 * each concern contributes its host fields, top-level fields, workload kinds and
 * fault fields (its `*-schema.ts`), and this file merges them in table order.
 * Quantities with units are read by units.ts: past the schema every duration is in
 * seconds, every bandwidth in bits/s and every size in bytes.
 */
import { z } from "zod";
import { addressingFormat } from "./addressing-schema";
import { defenceFormat } from "./defence-schema";
import { dnsFormat } from "./dns-schema";
import type { SectionFormat } from "./format";
import { mailFormat } from "./mail-schema";
import { netFormat } from "./net-schema";
import { trafficFormat } from "./traffic-schema";
import { duration } from "./units";

export { bandwidth, duration, rate, size, sizeDistribution } from "./units";
export { firewallRule, link, route, transfersTraffic } from "./net-schema";

/** The formats in table order (the order of sections.ts); fields appear in the schema in this order. */
export const FORMATS = [netFormat, dnsFormat, addressingFormat, defenceFormat, mailFormat, trafficFormat] as const;

type Formats = typeof FORMATS;
type Intersect<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Fields<K extends "hostFields" | "topLevelFields" | "faultFields"> = Intersect<Formats[number][K]>;
type Kinds<T extends readonly SectionFormat[]> = T extends readonly [infer H extends SectionFormat, ...infer R extends readonly SectionFormat[]]
  ? [...H["traffic"], ...Kinds<R>]
  : [];

function fields<K extends "hostFields" | "topLevelFields" | "faultFields">(key: K): Fields<K> {
  return Object.assign({}, ...FORMATS.map((f) => f[key])) as Fields<K>;
}

export const host = z.object(fields("hostFields")).strict();

export const traffic = z.discriminatedUnion("kind", FORMATS.flatMap((f): readonly z.ZodObject[] => f.traffic) as unknown as Kinds<Formats>);

export const fault = z
  .object({
    at: duration("when the fault starts"),
    ...fields("faultFields"),
  })
  .strict();

export const localized = z.object({ en: z.string(), ja: z.string().optional() }).strict();

const topLevel = fields("topLevelFields");

export const scenario = z
  .object({
    name: z.string().describe("the scenario's title"),
    description: z.union([z.string(), localized]).optional(),
    learningGoal: localized.optional().describe("what a learner should understand after watching this scenario"),
    watch: localized.optional().describe("what to look at while it runs (queues, links, events)"),
    teaches: z.array(z.string().regex(/^S\d+$/, { message: "not a teaching point like S20" })).optional()
      .describe("the tutorial's teaching points this scenario shows (S1..S40, see DIGEST.md)"),
    seed: z.union([z.number().int(), z.string()]).optional().describe("the default seed; --seed overrides it"),
    duration: duration("how much simulated time to run"),
    sampleEvery: duration("interval of the metrics time series").optional(),
    hosts: z.record(z.string(), host),
    // The topology (links, routes) is written before the workloads and the fault schedule;
    // spreading it first fixes those keys' places, the full spread after `faults` keeps them there.
    ...netFormat.topLevelFields,
    traffic: z.array(traffic).default([]),
    faults: z.array(fault).default([]),
    ...topLevel,
  })
  .strict();

export type ScenarioInput = z.input<typeof scenario>;
export type ScenarioSpec = z.output<typeof scenario>;
export type FaultSpec = z.output<typeof fault>;
export type TrafficSpec = z.output<typeof traffic>;
