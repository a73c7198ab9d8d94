/**
 * The parts of an MTA that its configuration switches on, built once from the
 * {@link MtaConfig} and the profile: the SMTP server's policy chains (port 25 and
 * Message Submission), address expansion, rewriting and LDAP routing.
 *
 * The port-25 chain runs the checks in the order sendmail's rulesets and Postfix's
 * smtpd_*_restrictions put them: connection rate and the access db at connect,
 * the DNSBL before the greeting, POP-before-SMTP and AUTH grants, the recipient
 * limit, then the core checks (smtp-server.ts), then the MIME scan at end of data.
 * Submission on port 587 (RFC 6409 §4) takes only authenticated clients from
 * inside, so the checks that judge unknown servers by their address (connection
 * rate, access db Connect:, DNSBL, POP-before-SMTP) are not on its chain.
 */
import type { Message, TlsLevel } from "../smtp";
import { DirectoryRouter } from "./directory";
import { makeExpander, expansionNames, type Expander } from "./expansion";
import { masqueradeMessage } from "./masquerade";
import type { MtaConfig, MtaEnv } from "./mta-config";
import { accessPolicy } from "./policy/access-policy";
import { authPolicy, PopBeforeSmtp, submissionPolicy } from "./policy/auth";
import { dnsblPolicy } from "./policy/dnsbl-policy";
import { connectionRateLimit, mimeNestingLimit, recipientLimit } from "./policy/limits";
import { starttlsPolicy } from "./policy/tls";
import type { PolicyEnv } from "./policy/verdict";
import { corePolicies, type ServerContext, type SmtpPolicy } from "./smtp-server";

export interface Assembly {
  /** The checks of the SMTP server on port 25, in order. */
  readonly policies: readonly SmtpPolicy[];
  /** The checks on the submission port, when it listens. */
  readonly submission: readonly SmtpPolicy[] | undefined;
  readonly popBeforeSmtp: PopBeforeSmtp | undefined;
  readonly expand: Expander | undefined;
  /** Expanded local parts (aliases, lists and their -request/-admin/owner- addresses). */
  readonly expands: readonly string[];
  readonly rewrite: ((m: Message) => Message) | undefined;
  readonly directory: DirectoryRouter | undefined;
  /** STARTTLS level of outgoing sessions; undefined = none. */
  readonly tlsLevel: TlsLevel | undefined;
}

/** A policy and whether it is only for server-to-server mail on port 25. */
interface Placed {
  readonly policy: SmtpPolicy;
  readonly port25Only: boolean;
}

export function assemble(cfg: MtaConfig, env: MtaEnv, ctx: ServerContext): Assembly {
  const penv: PolicyEnv = { kernel: env.kernel, bus: env.bus, host: cfg.host };
  const p = cfg.profile;
  const front: Placed[] = [];
  const back: Placed[] = [];
  const add = (list: Placed[], policy: SmtpPolicy, port25Only = false): void => void list.push({ policy, port25Only });
  if (cfg.connectionRate !== undefined) add(front, connectionRateLimit(cfg.connectionRate.count, cfg.connectionRate.per, penv), true);
  if (cfg.access !== undefined) add(front, accessPolicy(cfg.access.db, { blacklistRecipients: cfg.access.blacklistRecipients, localDomains: ctx.localDomains }, penv), true);
  if (cfg.dnsbl !== undefined) {
    if (env.dnsbl === undefined) throw new Error(`${cfg.host}: a DNSBL check needs a resolver to ask`);
    const c = cfg.dnsbl;
    add(front, dnsblPolicy({ zones: c.zones, onFailure: c.onFailure, only127: c.only127 ?? p.dnsbl.only127, replyAt: c.replyAt ?? p.dnsbl.replyAt, style: p.dnsbl.style }, env.dnsbl, penv), true);
  }
  const popBeforeSmtp = cfg.popBeforeSmtp === undefined ? undefined : new PopBeforeSmtp(cfg.popBeforeSmtp);
  if (popBeforeSmtp !== undefined) add(front, popBeforeSmtp.policy(penv), true);
  if (cfg.auth !== undefined) add(front, authPolicy(cfg.auth, penv));
  if (cfg.maxRecipients !== undefined) add(front, recipientLimit(cfg.maxRecipients, penv));
  if (cfg.mimeNesting !== undefined) add(back, mimeNestingLimit(cfg.mimeNesting.bound, cfg.mimeNesting.perPart, penv));
  if (cfg.tls !== undefined && cfg.tls.certificate !== "none") add(back, starttlsPolicy(cfg.tls.certificate));
  const chain = [...front, ...corePolicies(ctx).map((policy) => ({ policy, port25Only: false })), ...back];

  const expanders = (cfg.expansions ?? []).map(makeExpander);
  const expand: Expander | undefined = expanders.length <= 1 ? expanders[0] : (user, m) => {
    for (const x of expanders) {
      const r = x(user, m);
      if (r !== null && r !== undefined) return r;
    }
    return null;
  };
  const q = cfg.masquerade;
  const masquerade = q === undefined ? undefined : { ...q, localNames: [cfg.hostname, ...cfg.localDomains, "localhost"], hostname: cfg.hostname };
  const r = cfg.ldapRouting;
  const directory = r === undefined ? undefined : new DirectoryRouter(env, cfg.host, {
    domains: r.domains,
    servers: r.servers.map((h) => env.directories?.get(h) ?? fail(`${cfg.host}: directory ${h} is not in the simulation`)),
    timeout: r.timeout,
  });
  return {
    policies: chain.map((x) => x.policy),
    submission: cfg.submission === undefined ? undefined : [submissionPolicy(cfg.submission.inside, penv), ...chain.filter((x) => !x.port25Only).map((x) => x.policy)],
    popBeforeSmtp,
    expand,
    expands: (cfg.expansions ?? []).flatMap(expansionNames),
    rewrite: masquerade === undefined ? undefined : (m) => masqueradeMessage(m, masquerade, "smtp"),
    directory,
    tlsLevel: cfg.tls === undefined || cfg.tls.level === "none" ? undefined : cfg.tls.level,
  };
}

function fail(why: string): never {
  throw new Error(why);
}
