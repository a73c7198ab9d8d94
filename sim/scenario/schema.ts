/**
 * The scenario format, defined once with zod. The loader validates with these
 * definitions and `scenarios/scenario.schema.json` is generated from them
 * (`npm run schema`), so the editor's autocompletion and the loader never disagree.
 *
 * Quantities are written with units (`1.5Mbps`, `20ms`, `10KB`, `2/min`) and
 * converted to SI numbers here, at the edge: past this file every duration is in
 * seconds, every bandwidth in bits/s and every size in bytes.
 */
import { z } from "zod";
import { parseBandwidth, parseDuration, parseSize, UnitError } from "../engine";
import { parseDistribution, parseRate, DISTRIBUTION_FORMS, type Distribution } from "./distributions";
import { dnsFaultFields, dnsHostFields, lookupsTraffic, zonesSection } from "./dns-schema";
import { mtaBlock, usersTraffic } from "./mail-schema";
import { defenceFaultFields, defenceHostFields, pollTraffic } from "./defence-schema";
import { mailWorkloads } from "./traffic-schema";
import { mailFaultFields } from "./mail-faults";

/** A field read through a unit parser; failures become positioned issues with what was expected. */
function unitField<T>(parse: (v: unknown) => T, expected: string, description: string) {
  return z
    .union([z.string(), z.number()])
    .describe(description)
    .transform((v, ctx): T => {
      try {
        return parse(v);
      } catch (e) {
        const msg = e instanceof UnitError ? `cannot read ${JSON.stringify(v)}` : (e as Error).message;
        ctx.addIssue({ code: "custom", message: msg, params: { expected: e instanceof UnitError ? e.expected : expected } });
        return z.NEVER;
      }
    });
}

export const duration = (d = "a duration like 250ms, 300s, 30m, 4h, 5d") =>
  unitField(parseDuration, "a duration like 250ms, 300s, 30m, 4h, 5d", d);
export const bandwidth = (d = "a bandwidth like 64kbps, 1.5Mbps, 10Gbps") =>
  unitField(parseBandwidth, "a bandwidth like 64kbps, 1.5Mbps, 10Gbps", d);
export const rate = (d = "a rate like 2/min, 400/s") => unitField(parseRate, "a rate like 2/min, 400/s, 10/h", d);
export const size = (d = "a size like 10KB, 2MB") => unitField(parseSize, "a size like 512B, 10KB, 2MB, 1GiB", d);
export const sizeDistribution = (d = "a size or a size distribution") =>
  unitField<Distribution>((v) => parseDistribution(v, parseSize), DISTRIBUTION_FORMS + " with sizes like 10KB", d);

const ipv4 = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/, { message: "not an IPv4 address" })
  .describe("an IPv4 address like 202.250.31.150");
const cidr = z
  .string()
  .regex(/^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$|^any$/, { message: "not an IPv4 address or CIDR prefix" })
  .describe("a CIDR prefix like 10.0.0.0/8, an address, or any");

export const firewallRule = z
  .object({
    action: z.enum(["allow", "deny-drop", "deny-reject"]).describe("allow, or deny by silently dropping or by rejecting"),
    proto: z.enum(["tcp", "udp", "any"]).optional(),
    src: cidr.optional(),
    dst: cidr.optional(),
    dport: z.number().int().min(0).max(65535).optional(),
  })
  .strict();

export const host = z
  .object({
    role: z.string().optional().describe("dns, resolver, firewall, mta, mailbox, rbl, directory, users, spammer, internet, switch, host"),
    addr: ipv4.optional(),
    addrs: z.array(ipv4).optional(),
    region: z.enum(["outside", "inside"]).optional().describe("which side of the firewall boundary, for the picture"),
    firewall: z.array(firewallRule).optional().describe("ordered rules; first match wins; default allow"),
    ...dnsHostFields,
    ...defenceHostFields,
    mta: mtaBlock({ duration, rate, sizeDistribution, size }).optional().describe("the MTA this host runs (mail-schema.ts)"),
  })
  .strict();

export const link = z
  .object({
    between: z.tuple([z.string(), z.string()]).describe("the two hosts the link joins"),
    bandwidth: bandwidth(),
    latency: duration("one-way latency, e.g. 20ms"),
    name: z.string().optional(),
  })
  .strict();

export const route = z
  .object({
    from: z.string(),
    to: z.string(),
    via: z.array(z.string()).min(2).describe("the full host path, from first to last"),
  })
  .strict();

export const transfersTraffic = z
  .object({
    kind: z.literal("transfers"),
    from: z.string(),
    to: z.string(),
    count: z.number().int().positive().optional().describe("how many transfers (default: unbounded until the end)"),
    rate: rate().optional().describe("Poisson start rate; omitted = all at `start`"),
    size: sizeDistribution(),
    start: duration().optional(),
  })
  .strict();

export const traffic = z.discriminatedUnion("kind", [
  transfersTraffic,
  lookupsTraffic({ duration, rate }),
  usersTraffic({ duration, rate, sizeDistribution, size }),
  ...mailWorkloads({ duration, rate, sizeDistribution, size }),
  pollTraffic({ duration, rate }),
]);

export const fault = z
  .object({
    at: duration("when the fault starts"),
    down: z.string().optional().describe("a host or link (by name) that goes down"),
    up: z.string().optional().describe("a host or link that comes back up"),
    for: duration("how long it stays down").optional(),
    link: z.string().optional().describe("with bandwidth: the link whose bandwidth changes"),
    bandwidth: bandwidth().optional(),
    ...dnsFaultFields({ duration, rate }),
    ...defenceFaultFields,
    ...mailFaultFields,
  })
  .strict();

export const localized = z.object({ en: z.string(), ja: z.string().optional() }).strict();

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
    links: z.array(link).default([]),
    routes: z.array(route).optional(),
    traffic: z.array(traffic).default([]),
    faults: z.array(fault).default([]),
    zones: zonesSection.optional(),
  })
  .strict();

export type ScenarioInput = z.input<typeof scenario>;
export type ScenarioSpec = z.output<typeof scenario>;
export type FaultSpec = z.output<typeof fault>;
export type TrafficSpec = z.output<typeof traffic>;
