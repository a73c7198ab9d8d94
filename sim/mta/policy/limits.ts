/**
 * Limits against mail bombs and resource exhaustion (tutorial S27, S28). Message
 * size (MaxMessageSize, 552 5.3.4) and spool capacity (452 4.3.1) are core
 * policies (smtp-server.ts); these are the others:
 *
 *  - recipients per message (sendmail MaxRecipientsPerMessage, Postfix
 *    smtpd_recipient_limit): RCPTs past the limit get 452 4.5.3 "Too many
 *    recipients", and RFC 5321 §4.5.3.1.10 says the client sends the rest in a
 *    later transaction — so a good MTA defers them, and nothing is lost;
 *  - connection rate per client (sendmail FEATURE(ratecontrol) with
 *    ClientRate:, Postfix anvil smtpd_client_connection_rate_limit): more than
 *    `count` connections from one address in `window` seconds are refused at the
 *    greeting with 421 4.3.2;
 *  - MIME nesting depth (Postfix mime_nesting_limit, default 100): a virus in an
 *    attachment inside a forwarded message inside a digest… Scanning costs CPU per
 *    part, and an unbounded scan of a deliberately deep message is a denial of
 *    service in itself (S28). The scanner stops at the bound, so the cost of a check
 *    is at most `bound + 1` parts; the end-of-data reply waits for it.
 */
import type { Kernel } from "../../engine";
import { REPLIES, type Message, type Part } from "../../smtp";
import type { SmtpPolicy } from "../smtp-server";
import { explain, type PolicyEnv } from "./verdict";

export function recipientLimit(max: number, env: PolicyEnv): SmtpPolicy {
  return {
    name: "recipient-limit",
    rcpt(s) {
      if (s.rcpts.length < max) return null;
      explain(env, s, "rcpt", "recipient-limit", "deferred", `${s.rcpts.length} recipients accepted already (limit ${max}): the rest in another transaction`);
      return REPLIES.tooManyRecipients;
    },
  };
}

/** Sliding-window connection counts per client address. */
export function connectionRateLimit(count: number, window: number, env: PolicyEnv & { kernel: Kernel }): SmtpPolicy {
  const seen = new Map<string, number[]>();
  return {
    name: "connection-rate",
    connect(s) {
      const now = env.kernel.now;
      const times = (seen.get(s.clientAddr) ?? []).filter((t) => t > now - window);
      times.push(now);
      seen.set(s.clientAddr, times);
      if (times.length <= count) return null;
      explain(env, s, "connect", "connection-rate", "refused", `${times.length} connections from ${s.clientAddr} in ${window} s (limit ${count})`);
      return REPLIES.connectionRate;
    },
  };
}

/**
 * Nesting depth of a body, scanning at most `stopAt` levels: a text or opaque part
 * is depth 0, a multipart or embedded message one more than its deepest part. The
 * number of parts visited is the scan's cost.
 */
export function mimeDepth(p: Part, stopAt = Infinity): { depth: number; parts: number } {
  let parts = 0;
  const walk = (q: Part, level: number): number => {
    parts++;
    if (level > stopAt) return level;
    switch (q.kind) {
      case "text":
      case "opaque":
        return level;
      case "message":
        return walk(q.message.body, level + 1);
      case "multipart":
      case "concat": {
        let d = level;
        for (const c of q.parts) {
          d = Math.max(d, walk(c, level + 1));
          if (d > stopAt) break;
        }
        return d;
      }
    }
  };
  const depth = walk(p, 0);
  return { depth, parts };
}

/** The MIME check: `bound` levels at most (0 = unbounded scan), `perPart` seconds of CPU per part scanned. */
export function mimeNestingLimit(bound: number, perPart: number, env: PolicyEnv): SmtpPolicy {
  const stopAt = bound > 0 ? bound : Infinity;
  return {
    name: "mime-nesting",
    prepare(s, stage, ready, m?: Message) {
      if (stage !== "dot" || m === undefined) return false;
      const scan = mimeDepth(m.body, stopAt);
      s.policy.mimeDepth = scan.depth;
      explain(env, s, "dot", "mime-nesting", scan.depth > stopAt ? "too-deep" : "ok",
        `scanned ${scan.parts} parts (${(scan.parts * perPart).toFixed(3)} s of CPU), depth ${scan.depth > stopAt ? `> ${bound}` : scan.depth}`);
      env.kernel.schedule(scan.parts * perPart, ready);
      return true;
    },
    message(s) {
      return (s.policy.mimeDepth as number) > stopAt ? REPLIES.mimeTooDeep : null;
    },
  };
}
