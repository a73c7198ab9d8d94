/**
 * The DNS part of the scenario format: zone texts, what a host runs as DNS
 * (authoritative server, caching resolver, resolv.conf, DNSBL), DNS faults and the
 * `lookups` workload. dns-section.ts checks and builds them.
 *
 * ```yaml
 * zones:                                   # origin -> BIND master-file text
 *   example.gr.jp: |
 *     @        IN MX 10 mail
 *     mail     IN A  202.250.31.150
 *   example.gr.jp@inside: |                # split DNS (S19): another version of the same zone
 *     @        IN MX 10 mailhub
 *     mailhub  IN A  10.0.0.25
 * hosts:
 *   ns1:      { role: dns, addr: 202.250.31.148, zones: [example.gr.jp] }
 *   ns-in:    { role: dns, addr: 10.0.0.53, zones: ["example.gr.jp@inside"] }
 *   named:    { role: resolver, addr: 10.0.0.54 }
 *   client:   { addr: 10.0.0.9, resolv: "nameserver 10.0.0.53\noptions timeout:5 attempts:2" }
 *   rbl:      { role: rbl, addr: 198.51.100.53,
 *               dnsbl: { zone: rbl.example.net, listed: [{ addr: 192.0.2.99, reason: spam }] } }
 * faults:
 *   - { at: 1h, dns: ns1, mode: down, for: 30m }    # down | refused | nonauth | up
 *   - { at: 2h, dns: ns1, delay: 2s, for: 10m }     # a slow server
 *   - { at: 3h, rbl: rbl, mode: list-the-world }    # see sim/dns/dnsbl.ts
 * traffic:
 *   - { kind: lookups, from: client, names: [example.gr.jp], type: MX }
 * ```
 */
import { z } from "zod";
import { DNSBL_MODES, RR_TYPES, type DnsblMode, type RrType } from "../dns";
import type { SectionFormat } from "./format";
import { duration, rate } from "./units";

/** `zones:` — zone origin (optionally `origin@view`) -> zone text in BIND master-file syntax. */
const zonesSection = z
  .record(z.string(), z.string())
  .describe("zone origin -> BIND master-file text; `origin@view` names another version of the same zone (split DNS)");

const dnsblSpec = z
  .object({
    zone: z.string().describe("the list's zone, e.g. rbl.example.net"),
    listed: z
      .array(
        z
          .object({
            addr: z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/, { message: "not an IPv4 address" }),
            reason: z.string().optional(),
            code: z.string().regex(/^127\.(\d{1,3}\.){2}\d{1,3}$/, { message: "not an address in 127.0.0.0/8" }).optional(),
          })
          .strict(),
      )
      .default([]),
    mode: z.enum(DNSBL_MODES as [DnsblMode, ...DnsblMode[]]).default("normal").describe("how the list answers at the start"),
    ttl: z.number().int().positive().optional(),
  })
  .strict();

/** Fields of a host that make it a DNS participant. */
const dnsHostFields = {
  zones: z.array(z.string()).optional().describe("zones this host serves authoritatively (keys of the top-level zones map)"),
  minimalResponses: z.boolean().optional().describe("BIND's minimal-responses: no additional-section data except glue"),
  resolv: z.string().optional().describe('resolv.conf text, e.g. "nameserver 10.0.0.53\\noptions timeout:5 attempts:2"'),
  dnsbl: dnsblSpec.optional().describe("the DNS blocklist this (role: rbl) host publishes"),
};

/** Fields of a fault that act on a DNS server (`dns:`) or a DNSBL (`rbl:`). */
const dnsFaultFields = {
  dns: z.string().optional().describe("a DNS server or resolver host whose behaviour changes"),
  rbl: z.string().optional().describe("a DNSBL host whose list changes mode"),
  mode: z.string().optional().describe("dns: down|refused|nonauth|up; rbl: normal|down|servfail|list-the-world|outside-127"),
  delay: duration("dns: extra seconds before every reply (a slow server)").optional(),
};

/** `{ kind: lookups, from, names, type }`: a host's stub resolver looks names up (no mail involved). */
const lookupsTraffic = z
  .object({
    kind: z.literal("lookups"),
    from: z.string().describe("the host whose stub resolver asks"),
    names: z.array(z.string()).min(1).describe("names looked up, in turn (cycling)"),
    type: z.enum(RR_TYPES as [RrType, ...RrType[]]).default("A"),
    count: z.number().int().positive().optional().describe("how many lookups (default: each name once)"),
    rate: rate("Poisson rate of lookups; omitted = one after another, each when the previous finished").optional(),
    start: duration().optional(),
  })
  .strict();

export const SERVER_FAULT_MODES = ["down", "refused", "nonauth", "up"] as const;

export const dnsFormat = {
  hostFields: dnsHostFields,
  topLevelFields: { zones: zonesSection.optional() },
  traffic: [lookupsTraffic],
  faultFields: dnsFaultFields,
} as const satisfies SectionFormat;
