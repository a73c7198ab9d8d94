/**
 * The MTA's SMTP server: which mail it takes, decided by a chain of policies.
 *
 * A policy is a plain object with optional checks at each SMTP step — `connect`,
 * `mail`, `rcpt`, `data`, `message` (end of data) — each returning a refusal
 * {@link Reply} or null to pass. Policies run in order and the first refusal wins,
 * the way sendmail's check_relay / check_mail / check_rcpt rulesets and Postfix's
 * smtpd_*_restrictions lists work. Checks run at the step where real MTAs run them:
 * size at MAIL (SIZE=, RFC 1870), recipients at RCPT, loops at end of data.
 *
 * The built-in policies (this file) are the ones every MTA has: message size,
 * spool capacity (S27), relay control with local users (550 5.1.1 for an unknown
 * user, 550 5.7.1 for relaying denied), and the hop-count loop check. The checks a
 * configuration switches on (access db, DNSBL, AUTH, limits, STARTTLS) join the
 * same chain around them (assembly.ts).
 */
import { cidrContains, parseCidr, parseIPv4, type Cidr } from "../net";
import {
  domainOf, hopCount, isPositive, localPartOf, REPLIES, replyFor, type Extensions, type Message, type Reply, type ServerHooks,
  type ServerSession,
} from "../smtp";
import { ROLE_ADDRESSES, type MailboxStore } from "./mailbox";
import type { MtaProfile } from "./profiles";

export interface SmtpPolicy {
  readonly name: string;
  connect?(s: ServerSession): Reply | null;
  mail?(s: ServerSession, from: string, size: number): Reply | null;
  rcpt?(s: ServerSession, to: string): Reply | null;
  data?(s: ServerSession): Reply | null;
  message?(s: ServerSession, m: Message): Reply | null;
  /**
   * Work taking simulated time before a stage's verdict (a DNSBL lookup, a MIME scan).
   * Returns false when there is nothing to do at this stage, and `ready` is not
   * called; true when there is, and `ready` runs from a later kernel event once it
   * is done (never within this call).
   */
  prepare?(s: ServerSession, stage: "connect" | "dot", ready: () => void, message?: Message): boolean;
  /** Extensions this policy adds to the EHLO reply (AUTH mechanisms, STARTTLS). */
  extensions?(s: ServerSession): Partial<Extensions>;
  /** SMTP AUTH (RFC 4954): the verdict on credentials, or null when this policy does not authenticate. */
  auth?(s: ServerSession, user: string, password: string): Reply | null;
}

/**
 * What a policy may grant a session in `s.policy` (set at connect or AUTH): relaying
 * anywhere (access db RELAY, SMTP AUTH, POP-before-SMTP), and DISCARD (the message
 * is accepted and dropped, sendmail's $#discard).
 */
export interface SessionGrants {
  relay?: boolean;
  /** The recipient just checked may be relayed to (access db `To:domain RELAY`). */
  relayRcpt?: string;
  /** The client is trusted at connect (access db OK/RELAY): later connect-time checks such as DNSBL are skipped. */
  connectOk?: boolean;
  discard?: string;
}

/** What the built-in policies need to know about their MTA. */
export interface ServerContext {
  readonly host: string;
  readonly hostname: string;
  readonly profile: MtaProfile;
  readonly localDomains: readonly string[];
  readonly mailboxes: MailboxStore;
  /** False for a relay without a local spool (its local users go to LOCAL_RELAY). */
  readonly hasMailboxes: boolean;
  /** Domains relayed for anyone (a gateway's inside domains, a backup MX's primaries). */
  readonly relayDomains: readonly string[];
  /** Clients allowed to relay anywhere (mynetworks). */
  readonly relayClients: readonly string[];
  /** Messages the spool holds at most (0 = unlimited), and how many it holds now. */
  readonly spoolLimit: number;
  spoolUsed(): number;
  /** The spool's file system is full (a `spool: host, full: true` fault): refuse like a full spool. */
  diskFull?(): boolean;
  /** Take the message into the queue; returns the queue id. */
  enqueue(s: ServerSession, m: Message): string;
  /** Accept the message and drop it (access db DISCARD): its recipients leave as `discarded`. */
  discard?(s: ServerSession, m: Message, why: string): void;
  /** An open relay accepts mail for any domain from anyone (S23); switchable while running. */
  readonly relayControl?: { open: boolean };
  /** Report a refusal (for the trace). */
  refused(s: ServerSession, stage: string, r: Reply, policy: string): void;
}

const inDomain = (domain: string, d: string): boolean => domain === d || domain.endsWith("." + d);
const hasPrepare = (p: SmtpPolicy): boolean => p.prepare !== undefined;

/** The checks every MTA makes. */
export function corePolicies(ctx: ServerContext): SmtpPolicy[] {
  const clients: Cidr[] = ctx.relayClients.map(parseCidr);
  const fromRelayClient = (s: ServerSession): boolean => {
    const a = parseIPv4(s.clientAddr);
    return clients.some((c) => cidrContains(c, a));
  };
  const spoolFull = (): boolean => ctx.diskFull?.() === true || (ctx.spoolLimit > 0 && ctx.spoolUsed() >= ctx.spoolLimit);
  return [
    {
      name: "size",
      mail: (_s, _from, size) => (ctx.profile.messageSizeLimit > 0 && size > ctx.profile.messageSizeLimit ? REPLIES.tooBig : null),
    },
    {
      name: "spool",
      mail: () => (spoolFull() ? REPLIES.spoolFull : null),
      message: () => (spoolFull() ? REPLIES.spoolFull : null),
    },
    {
      name: "relay",
      rcpt(s, to) {
        const domain = domainOf(to);
        if (ctx.localDomains.includes(domain)) {
          const user = localPartOf(to).toLowerCase();
          if (!ctx.hasMailboxes || ctx.mailboxes.has(user) || ROLE_ADDRESSES.includes(user)) return null;
          return replyFor("userUnknown", { rcpt: to });
        }
        if (ctx.relayDomains.some((d) => inDomain(domain, d))) return null;
        if (fromRelayClient(s) || (s.policy as SessionGrants).relay === true || (s.policy as SessionGrants).relayRcpt === to || ctx.relayControl?.open === true) return null;
        return replyFor("relayDenied", { rcpt: to });
      },
    },
    {
      // RFC 5321 §6.3: a message that has crossed too many relays is looping.
      name: "hops",
      message(_s, m) {
        const hops = hopCount(m.header, ctx.profile.hopFields);
        return hops >= ctx.profile.hopLimit ? replyFor("tooManyHops", { hops: String(hops), limit: String(ctx.profile.hopLimit) }) : null;
      },
    },
  ];
}

/** The server hooks of an MTA: its policies in order, then acceptance into the queue. */
type Stage = "connect" | "mail" | "rcpt" | "data" | "message";

/** One policy's verdict at one step. */
function ask(p: SmtpPolicy, stage: Stage, s: ServerSession, a: string | undefined, size: number | undefined, m: Message | undefined): Reply | null | undefined {
  switch (stage) {
    case "connect":
      return p.connect?.(s);
    case "mail":
      return p.mail?.(s, a!, size!);
    case "rcpt":
      return p.rcpt?.(s, a!);
    case "data":
      return p.data?.(s);
    case "message":
      return p.message?.(s, m!);
  }
}

export function mtaServer(ctx: ServerContext, policies: () => readonly SmtpPolicy[]): ServerHooks {
  const ext: Extensions = {
    pipelining: true,
    eightBitMime: true,
    dsn: ctx.profile.dsn === "rfc3464",
    size: ctx.profile.messageSizeLimit > 0 ? ctx.profile.messageSizeLimit : undefined,
  };
  /**
   * Run one SMTP step's checks in order; the first refusal wins. The step's
   * arguments are passed through rather than captured in a closure: this runs
   * for every command of every session.
   */
  const check = (stage: Stage, s: ServerSession, a?: string, size?: number, m?: Message): Reply | null => {
    for (const p of policies()) {
      const r = ask(p, stage, s, a, size, m);
      if (r !== null && r !== undefined && !isPositive(r)) {
        ctx.refused(s, stage, r, p.name);
        return r;
      }
    }
    return null;
  };
  const greeting = replyFor("greeting", { host: ctx.hostname });
  /**
   * The policies' work from `ps[i]` on, in order: false when none of them has any (and
   * `ready` is not called), else true, and `ready` runs once the last one's work is done.
   */
  const prepareFrom = (ps: readonly SmtpPolicy[], i: number, s: ServerSession, stage: "connect" | "dot", ready: () => void, m?: Message): boolean => {
    for (; i < ps.length; i++) {
      const next = i + 1;
      const rest = (): void => {
        if (!prepareFrom(ps, next, s, stage, ready, m)) ready();
      };
      if (ps[i].prepare!(s, stage, rest, m)) return true;
    }
    return false;
  };
  return {
    host: ctx.host,
    extensions: (s) => {
      let e = ext;
      for (const p of policies()) if (p.extensions !== undefined) e = { ...e, ...p.extensions(s) };
      return e;
    },
    prepare: (s, stage, ready, m) => policies().some(hasPrepare) && prepareFrom(policies().filter(hasPrepare), 0, s, stage, ready, m),
    auth: (s, user, password) => {
      for (const p of policies()) {
        const r = p.auth?.(s, user, password);
        if (r !== null && r !== undefined) {
          if (!isPositive(r)) ctx.refused(s, "auth", r, p.name);
          return r;
        }
      }
      return REPLIES.authNotSupported;
    },
    connect: (s) => check("connect", s) ?? greeting,
    ehlo: () => REPLIES.ok,
    mail: (s, from, size) => check("mail", s, from, size) ?? REPLIES.senderOk,
    rcpt: (s, to) => check("rcpt", s, to) ?? REPLIES.recipientOk,
    data: (s) => check("data", s) ?? REPLIES.startMailInput,
    endOfData(s, m) {
      const refusal = check("message", s, undefined, undefined, m);
      if (refusal !== null) return refusal;
      const discard = (s.policy as SessionGrants).discard;
      if (discard !== undefined && ctx.discard !== undefined) {
        ctx.discard(s, m, discard);
        return { ...REPLIES.queued, text: "Ok: discarded" };
      }
      const id = ctx.enqueue(s, m);
      return { ...REPLIES.queued, text: `Ok: queued as ${id}` };
    },
  };
}
