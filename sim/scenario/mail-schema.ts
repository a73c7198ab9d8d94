/**
 * The mail part of the scenario format: what a host runs as an MTA (its `mta:`
 * block, with the fields of the defences and of addressing), and the fault that
 * fills an MTA's spool disk. mail-section.ts checks them and builds the MTAs; the
 * `users` workload that sends mail through them is in traffic-schema.ts.
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
 * faults:
 *   - { at: 3h, spool: gateway, full: true, for: 1h }   # the spool's disk fills (S27): 452 4.3.1 to new mail
 * ```
 */
import { z } from "zod";
import { PROFILES, RETRY_LAWS, type ProfileName, type RetryLawName } from "../mta";
import { addressingMtaFields } from "./addressing-schema";
import { defenceMtaFields } from "./defence-schema";
import type { SectionFormat } from "./format";
import { duration, size } from "./units";

const profileNames = Object.keys(PROFILES) as [ProfileName, ...ProfileName[]];
const lawNames = Object.keys(RETRY_LAWS) as [RetryLawName, ...RetryLawName[]];

export const mtaBlock = z
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
    messageSizeLimit: size("largest message accepted (MaxMessageSize, message_size_limit)").optional(),
    hopLimit: z.number().int().positive().optional(),
    destinationConcurrency: z.number().int().positive().optional()
      .describe("parallel deliveries per destination at most (Postfix default_destination_concurrency_limit; postfix profile only)"),
    retry: z
      .object({ law: z.enum(lawNames), params: z.record(z.string(), z.union([z.number(), z.string()])).optional() })
      .strict()
      .optional()
      .describe("override the profile's retry law or its parameters (seconds, or an Exim rule string)"),
    jitter: duration("uniform random delay added to every retry, at most this").optional(),
    connectTimeout: duration("TCP connect timeout").optional(),
    ...defenceMtaFields,
    ...addressingMtaFields,
  })
  .strict();

export type MtaBlock = z.output<typeof mtaBlock>;

export const mailFormat = {
  hostFields: {
    mta: mtaBlock.optional().describe("the MTA this host runs (mail-schema.ts)"),
  },
  topLevelFields: {},
  traffic: [],
  faultFields: {
    spool: z.string().optional().describe("an MTA host whose spool disk fills (with full: true) or is freed (full: false)"),
    full: z.boolean().optional(),
  },
} as const satisfies SectionFormat;
