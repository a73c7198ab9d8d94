/**
 * The mxsim side of a case: the daemon's own main.cf imported (`mxsim import`'s code), put
 * on a host between an injecting client and the relay host, and run with the real run's
 * timing: t = 0 is the instant the daemon's queue manager started (the origin of its scan
 * timer) and each message enters when the real one was queued. What is recorded is what
 * the capture and the sink record on the real side: connection attempts to the relay host,
 * and the notices that reach the sender.
 */
import { stringify } from "yaml";
import { loadScenario, run } from "../sim";
import { importConfig } from "../sim/scenario/import";
import type { Case } from "./cases";

export interface Observed {
  /** Seconds after the first injection: connection attempts to the relay host, and every deferral. */
  attempts: number[];
  deferrals: number[];
  warnings: number[];
  bounces: number[];
  /** mxsim's import notes for the main.cf (what it did not carry over). */
  notes: string[];
}

export function simulate(c: Case, mainCf: string, addrs: { relay: string; sink: string }, offsets: { qmgrToFirst: number; injections: number[] }): Observed {
  const imported = importConfig("main.cf", mainCf);
  const at = (s: number): string => `${(offsets.qmgrToFirst + s).toFixed(6)}s`;
  const scenario = {
    name: c.name,
    seed: 1,
    duration: `${Math.ceil(offsets.qmgrToFirst + c.watch)}s`,
    hosts: {
      client: { role: "host", addr: "127.0.0.1" },
      mta: { role: "mta", addr: "127.0.0.2", mta: imported.mta },
      relay: { role: "host", addr: addrs.relay },
      sink: { role: "mta", addr: addrs.sink, mta: { profile: "postfix", hostname: "sink.test", domains: ["sink.test"], mailboxes: "any" } },
    },
    links: [
      { between: ["client", "mta"], bandwidth: "1Gbps", latency: "0.02ms" },
      { between: ["mta", "relay"], bandwidth: "1Gbps", latency: "0.02ms" },
      { between: ["mta", "sink"], bandwidth: "1Gbps", latency: "0.02ms" },
    ],
    traffic: offsets.injections.map((s) => ({
      kind: "bomb", from: "client", server: "mta", sender: "sender@sink.test", victim: "rcpt@dest.test", count: 1, size: "1KB", at: at(s),
    })),
  };
  const s = loadScenario(stringify(scenario), `${c.name}.yaml`);
  const first = offsets.qmgrToFirst;
  const seen: Observed = { attempts: [], deferrals: [], warnings: [], bounces: [], notes: imported.notes.map((n) => `${n.line}:${n.col} ${n.directive}: ${n.message}`) };
  run(s, {
    trace: (e) => {
      if (e.type === "tcp.connect" && e.host === "mta" && e.dst === "relay") seen.attempts.push(e.t - first);
      else if (e.type === "mta.deferred" && e.host === "mta") seen.deferrals.push(e.t - first);
      else if (e.type === "mta.warned" && e.host === "mta") seen.warnings.push(e.t - first);
      else if (e.type === "mta.bounced" && e.host === "mta") seen.bounces.push(e.t - first);
    },
  });
  return seen;
}
