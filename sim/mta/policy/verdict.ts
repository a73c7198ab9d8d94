/**
 * Every policy verdict as an explained trace event: which policy, at which SMTP
 * step, what it decided and why ("From:ube.com matched line 2: ERROR 551 5.7.1").
 * Refusals are also reported by the server as `mta.refused`; this event carries
 * the reasoning, and the verdicts that are not refusals (RELAY, DISCARD, OK, a
 * DNSBL lookup that failed and was ignored) which no reply code would show.
 */
import type { Kernel, TraceBus } from "../../engine";
import type { ServerSession } from "../../smtp";

declare module "../../engine/trace" {
  interface TraceEventMap {
    /** A policy's decision about a session at a stage, with its explanation. */
    "mta.verdict": { session: number; client: string; stage: string; policy: string; verdict: string; why: string };
    /** An MTA's configuration changed while running (a scenario fault: the open relay is closed). */
    "mta.reconfigured": { setting: string; value: string };
  }
}

/** What a policy needs to explain itself. */
export interface PolicyEnv {
  readonly kernel: Kernel;
  readonly bus: TraceBus;
  /** The MTA's host name. */
  readonly host: string;
}

export function explain(env: PolicyEnv, s: ServerSession, stage: string, policy: string, verdict: string, why: string): void {
  if (env.bus.on) env.bus.emit({ t: env.kernel.now, type: "mta.verdict", host: env.host, session: s.id, client: s.client, stage, policy, verdict, why });
}
