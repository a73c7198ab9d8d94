/**
 * The network part of the scenario format: what a host is on the network (role,
 * addresses, firewall rules), the links and static routes between hosts, the
 * `transfers` workload (bulk data, no mail) and the faults that take hosts and
 * links down or change a link's bandwidth.
 *
 * ```yaml
 * hosts:
 *   gateway: { role: mta, addr: 202.250.31.150, firewall: [{ action: allow, proto: tcp, dport: 25 }] }
 * links:
 *   - { between: [internet, gateway], bandwidth: 1.5Mbps, latency: 20ms }
 * traffic:
 *   - { kind: transfers, from: internet, to: gateway, count: 10, size: 1MB }
 * faults:
 *   - { at: 2h, down: gateway, for: 6h }
 *   - { at: 3h, link: internet--gateway, bandwidth: 64kbps }
 * ```
 */
import { z } from "zod";
import { bandwidth, duration, rate, sizeDistribution } from "./units";
import type { SectionFormat } from "./format";

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

export const netFormat = {
  hostFields: {
    role: z.string().optional().describe("dns, resolver, firewall, mta, mailbox, rbl, directory, users, spammer, internet, switch, host"),
    addr: ipv4.optional(),
    addrs: z.array(ipv4).optional(),
    region: z.enum(["outside", "inside"]).optional().describe("which side of the firewall boundary, for the picture"),
    firewall: z.array(firewallRule).optional().describe("ordered rules; first match wins; default allow"),
  },
  topLevelFields: {
    links: z.array(link).default([]),
    routes: z.array(route).optional(),
  },
  traffic: [transfersTraffic],
  faultFields: {
    down: z.string().optional().describe("a host or link (by name) that goes down"),
    up: z.string().optional().describe("a host or link that comes back up"),
    // `for` undoes any fault kind that can be undone (faults.ts); it is listed here to keep the schema's field order.
    for: duration("how long it stays down").optional(),
    link: z.string().optional().describe("with bandwidth: the link whose bandwidth changes"),
    bandwidth: bandwidth().optional(),
  },
} as const satisfies SectionFormat;
