/**
 * The mail workloads of the scenario format: users writing mail (with a diurnal
 * profile, an internal/external mix, attachments), mailing-list posts, spam
 * campaigns, mail bombs, mobile mail, and mail programs polling their mailboxes.
 * Users, lists and mobile mail submit to an MTA; spam and bombs are ratware
 * speaking SMTP straight to a server (sim/traffic/spam.ts). Each runs on its own
 * named random streams `traffic/<index>/<kind>/...`; traffic-section.ts checks and
 * starts them.
 *
 * ```yaml
 * traffic:
 *   - { kind: users, from: outside, senders: [carol@example.net], to: [alice@example.gr.jp], rate: 2/min,
 *       size: "lognormal(10KB, 1.0)" }
 *   - { kind: users, from: mailbox, senders: [alice@example.gr.jp], to: [bob@example.gr.jp],
 *       externalTo: [ken@example.com], externalShare: 0.4, rate: 1000/d, diurnal: office,
 *       size: "lognormal(6KB, 1.0)", attachments: { share: 0.1, size: "lognormal(150KB, 1.2)" } }
 *   - { kind: list, from: lists, list: ml@example.gr.jp, subscribers: 2000,
 *       domains: [example.com, example.net], rate: 20/d, size: 4KB }
 *   - { kind: spam, from: spammer, relay: gateway, forgedDomains: [innocent.example], targetDomains: [example.com],
 *       recipients: 50, addressSpace: 1000, count: 200, rate: 10/min, size: 3KB }
 *   - { kind: bomb, from: attacker, server: gateway, victim: alice@example.gr.jp, count: 500, size: 1MB, at: 2h }
 *   - { kind: mobile, from: carrier, domain: docomo.example, subscribers: 100000,
 *       to: [alice@example.gr.jp], rate: 20/s }
 *   - { kind: poll, mailbox: mailbox, client: pcs, users: 500, protocol: pop3, every: 5m }   # S33
 * ```
 */
import { z } from "zod";
import { DIURNAL_PROFILES } from "../traffic/diurnal";
import { submitField } from "./defence-schema";
import type { SectionFormat } from "./format";
import { duration, rate, sizeDistribution } from "./units";

const diurnalNames = Object.keys(DIURNAL_PROFILES) as [string, ...string[]];

export const diurnalField = z
  .union([z.enum(diurnalNames), z.array(z.number().nonnegative()).length(24)])
  .describe(`rate over the day: ${diurnalNames.join(", ")}, or 24 hourly weights; \`rate\` is then the daily mean`);

const users = z
  .object({
    kind: z.literal("users"),
    from: z.string().describe("the MTA host the users submit to"),
    senders: z.array(z.string()).min(1).describe("envelope senders, chosen uniformly per message; `u@d{1..10000}.example` expands to a range"),
    to: z.array(z.string()).min(1).describe("recipients, chosen uniformly per message (ranges `{1..N}` expand)"),
    recipients: z.number().int().positive().default(1).describe("recipients per message (distinct, at most the size of `to`)"),
    count: z.number().int().positive().optional(),
    rate: rate().optional(),
    size: sizeDistribution(),
    start: duration().optional(),
    stop: duration("no new messages after this time").optional(),
    submit: submitField,
    diurnal: diurnalField.optional(),
    externalTo: z.array(z.string()).min(1).optional().describe("recipients outside the organisation"),
    externalShare: z.number().min(0).max(1).optional().describe("share of messages to externalTo instead of to (default 0)"),
    attachments: z
      .object({ share: z.number().min(0).max(1).describe("share of messages with an attachment"), size: sizeDistribution("raw attachment size (base64 adds 4/3 plus line breaks)") })
      .strict()
      .optional(),
  })
  .strict();

const when = {
  count: z.number().int().positive().optional(),
  rate: rate().optional(),
  start: duration().optional(),
  stop: duration("no new messages after this time").optional(),
};
const list = z
  .object({
    kind: z.literal("list"),
    from: z.string().describe("the list server (an MTA host)"),
    list: z.string().describe("the list's address, e.g. ml@example.gr.jp"),
    subscribers: z.number().int().positive(),
    domains: z.array(z.string()).min(1).describe("subscriber domains: sub<i>@<domains[i mod n]>"),
    size: sizeDistribution(),
    diurnal: diurnalField.optional(),
    ...when,
  })
  .strict();
const spam = z
  .object({
    kind: z.literal("spam"),
    from: z.string().describe("the spammer's host (ratware: one SMTP session per message, no queue, no retry)"),
    relay: z.string().describe("the host whose port 25 it abuses (an open relay, S23, or the target's MX)"),
    forgedDomains: z.array(z.string()).min(1).describe("domains of the forged senders x1..x1000 (they receive the backscatter)"),
    targetDomains: z.array(z.string()).min(1),
    recipients: z.number().int().positive().default(20).describe("recipients per message"),
    addressSpace: z.number().int().positive().default(1000).describe("local parts user1..userN are guessed"),
    size: sizeDistribution("default 3KB").optional(),
    ...when,
  })
  .strict();
const bomb = z
  .object({
    kind: z.literal("bomb"),
    from: z.string().describe("the attacker's host (ratware, as spam)"),
    server: z.string().describe("the host it connects to: the victim's MX"),
    sender: z.string().default("bomber@attacker.example"),
    victim: z.string().describe("the address bombed"),
    count: z.number().int().positive(),
    size: sizeDistribution(),
    rate: rate("messages per second; omitted = all at once").optional(),
    at: duration("when it starts").optional(),
  })
  .strict();
const mobile = z
  .object({
    kind: z.literal("mobile"),
    from: z.string().describe("the carrier's mail gateway (an MTA host)"),
    domain: z.string().describe("the carrier's domain"),
    subscribers: z.number().int().positive().default(10_000),
    to: z.array(z.string()).min(1),
    size: sizeDistribution("default lognormal(400B, 0.6)").optional(),
    diurnal: diurnalField.default("mobile"),
    ...when,
  })
  .strict();

/** Mail programs polling a mailbox server by POP or IMAP (S33). */
const poll = z
  .object({
    kind: z.literal("poll"),
    mailbox: z.string().describe("the mailbox server (an MTA host with mailboxes)"),
    client: z.string().describe("the host the mail programs run on"),
    users: z.union([z.array(z.string()).min(1), z.number().int().positive()]).describe("local parts, or a count: user1..userN"),
    protocol: z.enum(["pop3", "imap4"]).default("pop3"),
    every: duration("poll interval of each client"),
    start: duration().optional(),
    stop: duration().optional(),
  })
  .strict();

export const trafficFormat = {
  hostFields: {},
  topLevelFields: {},
  traffic: [users, list, spam, bomb, mobile, poll],
  faultFields: {},
} as const satisfies SectionFormat;
