/**
 * The mail parts of the scenario format (issue 4): what a host runs as an MTA, and
 * the `users` workload that sends mail through it. schema.ts splices these
 * fragments into its definitions (unit fields come from schema.ts, as for DNS).
 *
 * ```yaml
 * hosts:
 *   gateway:
 *     role: mta
 *     addr: 202.250.31.150
 *     mta:
 *       profile: sendmail                 # sendmail | postfix | qmail | exim | rfc5321
 *       hostname: gateway.example.gr.jp   # EHLO, Received:, Reporting-MTA
 *       relayDomains: [example.gr.jp]     # accepted for relaying from anyone
 *       mailertable: |
 *         example.gr.jp   smtp:[mailbox.example.gr.jp]
 *       fallbackMx: "[fallback.example.net]"
 *   mailbox:
 *     role: mailbox
 *     mta: { domains: [example.gr.jp], mailboxes: [alice, bob], smartHost: "[gateway.example.gr.jp]" }
 * traffic:
 *   - { kind: users, from: outside, senders: [carol@example.net], to: [alice@example.gr.jp], rate: 2/min,
 *       size: "lognormal(10KB, 1.0)" }
 * ```
 */
import { z } from "zod";
import { PROFILES, RETRY_LAWS, type ProfileName, type RetryLawName } from "../mta";
import type { Distribution } from "./distributions";
import { defenceMtaFields, submitField } from "./defence-schema";
import { usersExtensions } from "./traffic-schema";

export interface MailUnitFields<D extends z.ZodType, R extends z.ZodType, S extends z.ZodType, B extends z.ZodType> {
  duration: (description?: string) => D;
  rate: (description?: string) => R;
  sizeDistribution: (description?: string) => S;
  size: (description?: string) => B;
}

const profileNames = Object.keys(PROFILES) as [ProfileName, ...ProfileName[]];
const lawNames = Object.keys(RETRY_LAWS) as [RetryLawName, ...RetryLawName[]];

export function mtaBlock<D extends z.ZodType<number>, R extends z.ZodType, S extends z.ZodType, B extends z.ZodType<number>>(u: MailUnitFields<D, R, S, B>) {
  return z
    .object({
      profile: z.enum(profileNames).default("sendmail").describe("the MTA whose behaviour this host has"),
      hostname: z.string().optional().describe("fully qualified name (default: <host>.<first domain> or the host name)"),
      domains: z.array(z.string()).default([]).describe("local domains (sendmail class w, Postfix mydestination)"),
      mailboxes: z.union([z.array(z.string()), z.literal("any")]).optional().describe("local parts with a mailbox here; omit on a relay without a spool"),
      mailertable: z.string().optional().describe("sendmail mailertable text: `domain mailer:host` lines"),
      smartHost: z.string().optional().describe("SMART_HOST: `[host]` (no MX lookup) or `host`"),
      localRelay: z.string().optional().describe("LOCAL_RELAY for local users when this host keeps no mailboxes"),
      fallbackMx: z.string().optional().describe("confFALLBACK_MX / fallback_relay: `[host]` or `host`"),
      relayDomains: z.array(z.string()).optional().describe("domains (and their subdomains) relayed for any client"),
      relayClients: z.array(z.string()).optional().describe("CIDR prefixes allowed to relay anywhere (mynetworks)"),
      spoolLimit: z.number().int().nonnegative().optional().describe("messages the queue holds at most; 452 4.3.1 beyond"),
      messageSizeLimit: u.size("largest message accepted (MaxMessageSize, message_size_limit)").optional(),
      hopLimit: z.number().int().positive().optional(),
      destinationConcurrency: z.number().int().positive().optional()
        .describe("parallel deliveries per destination at most (Postfix default_destination_concurrency_limit; postfix profile only)"),
      retry: z
        .object({ law: z.enum(lawNames), params: z.record(z.string(), z.union([z.number(), z.string()])).optional() })
        .strict()
        .optional()
        .describe("override the profile's retry law or its parameters (seconds, or an Exim rule string)"),
      jitter: u.duration("uniform random delay added to every retry, at most this").optional(),
      connectTimeout: u.duration("TCP connect timeout").optional(),
      ...defenceMtaFields(u),
    })
    .strict();
}

export type MtaBlock = z.output<ReturnType<typeof mtaBlock>>;

export function usersTraffic<D extends z.ZodType, R extends z.ZodType, S extends z.ZodType<Distribution>, B extends z.ZodType>(u: MailUnitFields<D, R, S, B>) {
  return z
    .object({
      kind: z.literal("users"),
      from: z.string().describe("the MTA host the users submit to"),
      senders: z.array(z.string()).min(1).describe("envelope senders, chosen uniformly per message; `u@d{1..10000}.example` expands to a range"),
      to: z.array(z.string()).min(1).describe("recipients, chosen uniformly per message (ranges `{1..N}` expand)"),
      recipients: z.number().int().positive().default(1).describe("recipients per message (distinct, at most the size of `to`)"),
      count: z.number().int().positive().optional(),
      rate: u.rate().optional(),
      size: u.sizeDistribution(),
      start: u.duration().optional(),
      stop: u.duration("no new messages after this time").optional(),
      submit: submitField,
      ...usersExtensions(u),
    })
    .strict();
}
