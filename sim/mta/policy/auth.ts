/**
 * Who may relay, besides the addresses in mynetworks (tutorial S26):
 *
 *  - **SMTP AUTH** (RFC 4954, formerly RFC 2554): the server lists its mechanisms
 *    after EHLO (`250-AUTH PLAIN LOGIN`); the client authenticates with a user and
 *    password (235 2.7.0, or 535 5.7.8 for bad credentials, §6); an authenticated
 *    session may relay anywhere (sendmail: `confAUTH_OPTIONS`, TRUST_AUTH_MECH;
 *    Postfix permit_sasl_authenticated).
 *  - **Message Submission** on port 587 (RFC 6409, formerly RFC 2476): a separate
 *    door for users' mail programs, kept apart from server-to-server relay on 25.
 *    It requires AUTH before MAIL (530 5.7.0 Authentication required, RFC 4954 §6)
 *    and, as the tutorial configures it, accepts connections from inside only.
 *  - **POP before SMTP**: before SMTP AUTH was common, a successful POP login
 *    opened relaying for the client's IP address for some minutes (DRAC,
 *    pop-before-smtp daemons). The POP server (pop.ts) opens, the SMTP server asks.
 */
import { cidrContains, parseCidr, parseIPv4, type Cidr } from "../../net";
import { REPLIES, reply, type ServerSession } from "../../smtp";
import type { SessionGrants, SmtpPolicy } from "../smtp-server";
import { explain, type PolicyEnv } from "./verdict";

export interface AuthConfig {
  /** user -> password. */
  readonly users: Readonly<Record<string, string>>;
  readonly mechanisms: readonly string[];
}

const grants = (s: ServerSession): SessionGrants => s.policy as SessionGrants;

export function authPolicy(cfg: AuthConfig, env: PolicyEnv): SmtpPolicy {
  const ext = { auth: cfg.mechanisms };
  return {
    name: "auth",
    extensions: () => ext,
    auth(s, user, password) {
      const ok = Object.prototype.hasOwnProperty.call(cfg.users, user) && cfg.users[user] === password;
      explain(env, s, "auth", "auth", ok ? "authenticated" : "refused", ok ? `${user} authenticated: may relay` : `bad credentials for ${user}`);
      if (!ok) return REPLIES.authInvalid;
      s.policy.authUser = user;
      grants(s).relay = true;
      return REPLIES.authOk;
    },
  };
}

const SUBMISSION_OUTSIDE = reply(554, "5.7.1", "Submission is for clients inside the organisation");

/** Port 587's own rules: inside clients only (at connect), AUTH before MAIL. */
export function submissionPolicy(inside: readonly string[], env: PolicyEnv): SmtpPolicy {
  const nets: Cidr[] = inside.map(parseCidr);
  return {
    name: "submission",
    connect(s) {
      const a = parseIPv4(s.clientAddr);
      if (nets.some((n) => cidrContains(n, a))) return null;
      explain(env, s, "connect", "submission", "refused", `${s.clientAddr} is not inside (${inside.join(", ")})`);
      return SUBMISSION_OUTSIDE;
    },
    mail(s) {
      if (s.policy.authUser !== undefined) return null;
      explain(env, s, "mail", "submission", "refused", "MAIL before AUTH on the submission port");
      return REPLIES.authRequired;
    },
  };
}

/** POP-before-SMTP: addresses that logged in to POP recently may relay for `window` seconds. */
export class PopBeforeSmtp {
  private readonly until = new Map<string, number>();
  constructor(readonly window: number) {}

  /** A POP login from `addr` at `now`. */
  open(addr: string, now: number): void {
    this.until.set(addr, now + this.window);
  }

  allowed(addr: string, now: number): boolean {
    const u = this.until.get(addr);
    return u !== undefined && now <= u;
  }

  policy(env: PolicyEnv): SmtpPolicy {
    return {
      name: "pop-before-smtp",
      connect: (s) => {
        if (!this.allowed(s.clientAddr, env.kernel.now)) return null;
        explain(env, s, "connect", "pop-before-smtp", "relay", `${s.clientAddr} logged in to POP within ${this.window / 60} min: may relay`);
        grants(s).relay = true;
        return null;
      },
    };
  }
}
