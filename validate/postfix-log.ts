/**
 * Reading Postfix's log (`maillog_file`, postlogd): the delivery agents' `status=` lines,
 * one per attempt per recipient, whether it reached the network or was deferred at once
 * because the destination is dead ("delivery temporarily suspended": the `retry` service,
 * qmgr_deliver.c). Timestamps are the log's "Mon DD HH:MM:SS", whole seconds.
 */

export interface LogAttempt {
  /** Epoch seconds (whole seconds: the log's resolution). */
  at: number;
  queueId: string;
  status: "deferred" | "bounced" | "sent" | "expired";
  /** The text in parentheses after the status. */
  why: string;
  /** The service that logged it: smtp (a real attempt), retry or error (no connection). */
  service: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Dec 08 03:22:25" in UTC (the harness runs with TZ unset: the log is in the machine's zone, UTC here) in `year`. */
function stamp(s: string, year: number): number {
  const m = /^(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d)/.exec(s);
  if (m === null) return NaN;
  return Date.UTC(year, MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
}

export function parsePostfixLog(log: string, year: number): LogAttempt[] {
  const out: LogAttempt[] = [];
  for (const line of log.split("\n")) {
    const m = /^(\w{3} +\d+ [\d:]+) \S+ postfix\/(\w+)\[\d+\]: ([0-9A-F]+): to=<[^>]*>.*?, status=(\w+) \((.*)\)$/.exec(line);
    if (m === null) continue;
    out.push({ at: stamp(m[1], year), service: m[2], queueId: m[3], status: m[4] as LogAttempt["status"], why: m[5] });
  }
  return out;
}
