/**
 * The defence and organisation parts of the scenario format (issue 5): what an
 * MTA checks (access db, DNSBL, AUTH, submission, limits), how it rewrites and
 * expands addresses (masquerading, aliases, mailing lists),
 * users who submit over SMTP, and faults that change an MTA's configuration.
 * mail-schema.ts splices `defenceMtaFields` into the `mta:` block and `submitField`
 * into the users workload, schema.ts the fault fields; defence-section.ts builds
 * them and defence-check.ts checks them.
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
 *         replyAt: mail                    # mail | rcpt (default: sendmail mail, others rcpt)
 *       auth: { users: { alice: secret } } # SMTP AUTH (RFC 4954), PLAIN LOGIN
 *       submission: { inside: [10.0.0.0/8] }  # port 587 (RFC 6409): AUTH required, inside clients only
 *       popBeforeSmtp: 10m                 # a POP login opens relaying for the client's IP
 *       maxRecipients: 100                 # per message: 452 4.5.3 beyond
 *       connectionRate: { count: 30, per: 1m }   # per client address: 421 4.3.2 beyond
 *       mimeNesting: { bound: 20, perPart: 1ms } # 554 5.6.0 beyond; scan CPU per part (bound 0 = unbounded)
 *       tls: { certificate: ca-signed, level: verify }  # STARTTLS: offered with this cert; outgoing level none|may|encrypt|verify
 *       ldapRouting: { domains: [example.gr.jp], servers: [ldap1, ldap2], timeout: 5s }   # S22
 *   ldap1: { role: directory, addr: 10.0.0.30, directory: { entries: { alice: mbox1.example.gr.jp, bob: mbox2.example.gr.jp } } }
 *   ldap2: { role: directory, addr: 10.0.0.31, directory: { replicaOf: ldap1 } }   # the shadow replica
 *   mailbox:
 *     mta:
 *       masquerade:                        # S18, as the tutorial's config.mc
 *         as: example.gr.jp                # MASQUERADE_AS
 *         domains: [myhost.example.gr.jp]  # MASQUERADE_DOMAIN
 *         limited: true                    # FEATURE(limited_masquerade)
 *         entireDomain: false              # FEATURE(masquerade_entire_domain)
 *         envelope: true                   # FEATURE(masquerade_envelope)
 *         exposedUsers: [root, postmaster] # EXPOSED_USER
 *         alwaysAddDomain: true            # FEATURE(always_add_domain)
 *       aliases: { staff: [alice, bob] }   # /etc/aliases; members may be local parts or addresses
 *       lists:                             # S8, S32: owner-NAME, NAME-request, NAME-admin come with each
 *         - { name: ml, subscribers: [alice@example.gr.jp, ken@example.com], owners: [alice@example.gr.jp] }
 * traffic:                                 # spam campaigns and mail bombs: traffic-schema.ts
 *   - { kind: poll, mailbox: mailbox, client: pcs, users: 500, protocol: pop3, every: 5m }   # S33
 *   - { kind: users, from: mailbox, senders: [alice@example.gr.jp], to: [ken@example.com], rate: 1/min, size: 5KB,
 *       submit: { client: pc1, port: 587, user: alice, password: secret } }   # MUA on pc1 submits over SMTP
 * faults:
 *   - { at: 6h, mta: relay, set: { openRelay: false } }   # the relay is closed at 6 h
 * ```
 */
import { z } from "zod";
import type { MailUnitFields } from "./mail-schema";

const cidrList = z.array(z.string()).describe("CIDR prefixes like 10.0.0.0/8");

/** Fields of the `mta:` block for defences and the organisation's mail system. */
export function defenceMtaFields<D extends z.ZodType<number>, R extends z.ZodType, S extends z.ZodType, B extends z.ZodType<number>>(u: MailUnitFields<D, R, S, B>) {
  return {
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
    popBeforeSmtp: u.duration("how long a POP login opens relaying for the client's address").optional(),
    maxRecipients: z.number().int().positive().optional().describe("recipients per message; 452 4.5.3 beyond"),
    connectionRate: z.object({ count: z.number().int().positive(), per: u.duration() }).strict().optional()
      .describe("connections per client address in a window; 421 4.3.2 beyond"),
    mimeNesting: z.object({ bound: z.number().int().nonnegative(), perPart: u.duration("CPU time per MIME part scanned") }).strict().optional()
      .describe("MIME nesting depth bound (0 = unbounded) and scan cost (S28)"),
    tls: z
      .object({
        certificate: z.enum(["ca-signed", "self-signed", "none"]).default("none").describe("what the server presents after STARTTLS; none = STARTTLS not offered"),
        level: z.enum(["none", "may", "encrypt", "verify"]).default("none").describe("outgoing: none, may (opportunistic), encrypt (mandatory), verify (mandatory, trusted CA)"),
      })
      .strict()
      .optional()
      .describe("STARTTLS (RFC 3207), as a server and as a client"),
    ldapRouting: z
      .object({
        domains: z.array(z.string()).min(1).describe("LDAPROUTE_DOMAIN: recipients here are routed by the directory"),
        servers: z.array(z.string()).min(1).describe("directory hosts in order: master, then replicas"),
        timeout: u.duration("how long to wait for one directory server").optional(),
      })
      .strict()
      .optional()
      .describe("LDAP routing (S22): the directory names each user's mailbox server"),
    masquerade: z
      .object({
        as: z.string(),
        domains: z.array(z.string()).default([]),
        limited: z.boolean().default(false),
        entireDomain: z.boolean().default(false),
        envelope: z.boolean().default(false),
        exposedUsers: z.array(z.string()).default([]),
        alwaysAddDomain: z.boolean().default(false),
        allMasquerade: z.boolean().default(false),
      })
      .strict()
      .optional()
      .describe("sendmail masquerading (S18)"),
    aliases: z.record(z.string(), z.array(z.string())).optional().describe("local part -> members (addresses or local parts)"),
    lists: z
      .array(z.object({ name: z.string(), subscribers: z.array(z.string()), owners: z.array(z.string()).min(1), errorsTo: z.string().optional() }).strict())
      .optional()
      .describe("mailing lists: envelope sender owner-NAME, -request and -admin addresses"),
  };
}

/** Fields of a host that runs a directory server (`role: directory`). */
export const defenceHostFields = {
  directory: z
    .object({
      entries: z.record(z.string(), z.string()).optional().describe("user -> mailHost (the mailbox server's name)"),
      replicaOf: z.string().optional().describe("a shadow copy of another directory host's entries"),
      searchTime: z.number().nonnegative().optional().describe("seconds per search (default 0.001)"),
    })
    .strict()
    .optional()
    .describe("an LDAP directory answering which mailbox server holds each user (S22)"),
};

/** `submit:` on a users workload: the MUA on `client` submits over SMTP instead of handing mail to the MTA locally. */
export const submitField = z
  .object({ client: z.string(), port: z.number().int().default(587), user: z.string().optional(), password: z.string().optional() })
  .strict()
  .optional()
  .describe("submit over SMTP from `client` (with AUTH when user is given)");

/** `{ kind: poll, mailbox, client, users, protocol, every }`: mail programs polling a mailbox server by POP or IMAP (S33). */
export function pollTraffic<D extends z.ZodType<number>, R extends z.ZodType>(u: { duration: (d?: string) => D; rate: (d?: string) => R }) {
  return z
    .object({
      kind: z.literal("poll"),
      mailbox: z.string().describe("the mailbox server (an MTA host with mailboxes)"),
      client: z.string().describe("the host the mail programs run on"),
      users: z.union([z.array(z.string()).min(1), z.number().int().positive()]).describe("local parts, or a count: user1..userN"),
      protocol: z.enum(["pop3", "imap4"]).default("pop3"),
      every: u.duration("poll interval of each client"),
      start: u.duration().optional(),
      stop: u.duration().optional(),
    })
    .strict();
}

/** Fault fields that change an MTA's configuration at a time. */
export const defenceFaultFields = {
  mta: z.string().optional().describe("an MTA host whose configuration changes"),
  set: z.object({ openRelay: z.boolean().optional() }).strict().optional().describe("with mta: the settings that change"),
};
