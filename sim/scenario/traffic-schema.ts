/**
 * The mail workloads beyond `users` (mail-schema.ts): mailing-list posts, spam
 * campaigns, mail bombs and mobile mail, plus the fields `users` gained for
 * realistic days (diurnal profile, internal/external mix, attachments). Lists and
 * mobile mail are users submitting to an MTA; spam and bombs are ratware speaking
 * SMTP straight to a server (sim/traffic/spam.ts). Each runs on its own named
 * random streams `traffic/<index>/<kind>/...`.
 *
 * ```yaml
 * traffic:
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
 * ```
 */
import { z } from "zod";
import { DIURNAL_PROFILES } from "../traffic/diurnal";
import type { Distribution } from "./distributions";
import type { MailUnitFields } from "./mail-schema";

const diurnalNames = Object.keys(DIURNAL_PROFILES) as [string, ...string[]];

export const diurnalField = z
  .union([z.enum(diurnalNames), z.array(z.number().nonnegative()).length(24)])
  .describe(`rate over the day: ${diurnalNames.join(", ")}, or 24 hourly weights; \`rate\` is then the daily mean`);

/** Fields users gain: the diurnal profile, the internal/external mix, attachments. */
export function usersExtensions<D extends z.ZodType, R extends z.ZodType, S extends z.ZodType<Distribution>, B extends z.ZodType>(u: MailUnitFields<D, R, S, B>) {
  return {
    diurnal: diurnalField.optional(),
    externalTo: z.array(z.string()).min(1).optional().describe("recipients outside the organisation"),
    externalShare: z.number().min(0).max(1).optional().describe("share of messages to externalTo instead of to (default 0)"),
    attachments: z
      .object({ share: z.number().min(0).max(1).describe("share of messages with an attachment"), size: u.sizeDistribution("raw attachment size (base64 adds 4/3 plus line breaks)") })
      .strict()
      .optional(),
  };
}

export function mailWorkloads<D extends z.ZodType, R extends z.ZodType, S extends z.ZodType<Distribution>, B extends z.ZodType>(u: MailUnitFields<D, R, S, B>) {
  const when = {
    count: z.number().int().positive().optional(),
    rate: u.rate().optional(),
    start: u.duration().optional(),
    stop: u.duration("no new messages after this time").optional(),
  };
  const list = z
    .object({
      kind: z.literal("list"),
      from: z.string().describe("the list server (an MTA host)"),
      list: z.string().describe("the list's address, e.g. ml@example.gr.jp"),
      subscribers: z.number().int().positive(),
      domains: z.array(z.string()).min(1).describe("subscriber domains: sub<i>@<domains[i mod n]>"),
      size: u.sizeDistribution(),
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
      size: u.sizeDistribution("default 3KB").optional(),
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
      size: u.sizeDistribution(),
      rate: u.rate("messages per second; omitted = all at once").optional(),
      at: u.duration("when it starts").optional(),
    })
    .strict();
  const mobile = z
    .object({
      kind: z.literal("mobile"),
      from: z.string().describe("the carrier's mail gateway (an MTA host)"),
      domain: z.string().describe("the carrier's domain"),
      subscribers: z.number().int().positive().default(10_000),
      to: z.array(z.string()).min(1),
      size: u.sizeDistribution("default lognormal(400B, 0.6)").optional(),
      diurnal: diurnalField.default("mobile"),
      ...when,
    })
    .strict();
  return [list, spam, bomb, mobile] as const;
}
