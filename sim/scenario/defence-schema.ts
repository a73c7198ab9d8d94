/**
 * The defences of an MTA in the scenario format: what its SMTP server checks
 * (access db, DNSBL, AUTH, submission, POP-before-SMTP, limits, STARTTLS), the
 * `submit:` of users who hand their mail over SMTP, and the fault that changes an
 * MTA's configuration while it runs. mail-schema.ts puts the fields into the
 * `mta:` block; defence-section.ts checks them and translates them into the
 * MTA's configuration.
 *
 * ```yaml
 * hosts:
 *   gateway:
 *     mta:
 *       profile: sendmail
 *       access: |                          # /etc/mail/access text (sendmail cf/README "access_db")
 *         spammers.net          REJECT
 *         spammer@ube.com       ERROR:5.7.1:551 Relay denied
 *         spam@uce.uce.com      DISCARD
 *         example.gr.jp         RELAY
 *         Connect:192.0.2       REJECT
 *         bogus_user@           REJECT
 *       blacklistRecipients: true          # FEATURE(`blacklist_recipients')
 *       openRelay: false                   # true: relays for anyone (S23)
 *       dnsblCheck:                        # FEATURE(dnsbl) / reject_rbl_client / dnslists
 *         zones: [rbl.example.net]
 *         onFailure: tempfail              # ignore | tempfail (451 4.4.3) | treat-as-listed
 *         only127: true                    # ignore answers outside 127/8 (default: profile)
 *         replyAt: mail                    # mail | rcpt (default: profile)
 *       auth: { users: { alice: secret } } # SMTP AUTH (RFC 4954), PLAIN LOGIN
 *       submission: { inside: [10.0.0.0/8] }  # port 587 (RFC 6409): AUTH required, inside clients only
 *       popBeforeSmtp: 10m                 # a POP login opens relaying for the client's IP
 *       maxRecipients: 100                 # per message: 452 4.5.3 beyond
 *       connectionRate: { count: 30, per: 1m }   # per client address: 421 4.3.2 beyond
 *       mimeNesting: { bound: 20, perPart: 1ms } # 554 5.6.0 beyond; scan CPU per part (bound 0 = unbounded)
 *       tls: { certificate: ca-signed, level: verify }  # STARTTLS: offered with this cert; outgoing level none|may|encrypt|verify
 * traffic:
 *   - { kind: users, from: mailbox, senders: [alice@example.gr.jp], to: [ken@example.com], rate: 1/min, size: 5KB,
 *       submit: { client: pc1, port: 587, user: alice, password: secret } }   # MUA on pc1 submits over SMTP
 * faults:
 *   - { at: 6h, mta: relay, set: { openRelay: false } }   # the relay is closed at 6 h
 * ```
 */
import { z } from "zod";
import type { SectionFormat } from "./format";
import { duration } from "./units";

const cidrList = z.array(z.string()).describe("CIDR prefixes like 10.0.0.0/8");

/** Fields of the `mta:` block for the checks of its SMTP server. */
export const defenceMtaFields = {
  access: z.string().optional().describe("sendmail access db text: `key OK|RELAY|REJECT|DISCARD|ERROR:d.s.n:code text` lines"),
  blacklistRecipients: z.boolean().optional().describe("FEATURE(blacklist_recipients): recipient entries of the access db refuse too"),
  openRelay: z.boolean().optional().describe("relay for anyone (S23)"),
  dnsblCheck: z
    .object({
      zones: z.array(z.string()).min(1),
      onFailure: z.enum(["ignore", "tempfail", "treat-as-listed"]).default("ignore"),
      only127: z.boolean().optional().describe("only answers in 127/8 mean listed (default: false for sendmail, true otherwise)"),
      replyAt: z.enum(["mail", "rcpt"]).optional().describe("the step that answers the verdict (default: sendmail mail, others rcpt)"),
    })
    .strict()
    .optional()
    .describe("DNSBL check of the connecting client's address"),
  auth: z
    .object({ users: z.record(z.string(), z.string()), mechanisms: z.array(z.string()).default(["PLAIN", "LOGIN"]) })
    .strict()
    .optional()
    .describe("SMTP AUTH (RFC 4954): users and passwords; authenticated clients may relay"),
  submission: z
    .object({ port: z.number().int().default(587), inside: cidrList })
    .strict()
    .optional()
    .describe("Message Submission (RFC 6409): AUTH required, clients from `inside` only"),
  popBeforeSmtp: duration("how long a POP login opens relaying for the client's address").optional(),
  maxRecipients: z.number().int().positive().optional().describe("recipients per message; 452 4.5.3 beyond"),
  connectionRate: z.object({ count: z.number().int().positive(), per: duration() }).strict().optional()
    .describe("connections per client address in a window; 421 4.3.2 beyond"),
  mimeNesting: z.object({ bound: z.number().int().nonnegative(), perPart: duration("CPU time per MIME part scanned") }).strict().optional()
    .describe("MIME nesting depth bound (0 = unbounded) and scan cost (S28)"),
  tls: z
    .object({
      certificate: z.enum(["ca-signed", "self-signed", "none"]).default("none").describe("what the server presents after STARTTLS; none = STARTTLS not offered"),
      level: z.enum(["none", "may", "encrypt", "verify"]).default("none").describe("outgoing: none, may (opportunistic), encrypt (mandatory), verify (mandatory, trusted CA)"),
    })
    .strict()
    .optional()
    .describe("STARTTLS (RFC 3207), as a server and as a client"),
};

/** `submit:` on a users workload: the MUA on `client` submits over SMTP instead of handing mail to the MTA locally. */
export const submitField = z
  .object({ client: z.string(), port: z.number().int().default(587), user: z.string().optional(), password: z.string().optional() })
  .strict()
  .optional()
  .describe("submit over SMTP from `client` (with AUTH when user is given)");

export const defenceFormat = {
  hostFields: {},
  topLevelFields: {},
  traffic: [],
  faultFields: {
    mta: z.string().optional().describe("an MTA host whose configuration changes"),
    set: z.object({ openRelay: z.boolean().optional() }).strict().optional().describe("with mta: the settings that change"),
  },
} as const satisfies SectionFormat;
