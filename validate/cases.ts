/**
 * The cases, as data: what the next hop does, when messages are injected, and the
 * daemon's settings (compressed in time so a 5-day lifetime fits in minutes). mxsim runs
 * each with the same parameters: its MTA block is imported from the very main.cf the
 * daemon ran (validate/simulate.ts), so the two cannot drift.
 */

/** What the relay host does with the daemon's connection attempts. */
export type NextHop = "refused";

export interface Case {
  readonly name: string;
  readonly daemon: "postfix";
  readonly description: string;
  readonly nextHop: NextHop;
  /** Seconds after the first injection at which each message is injected. */
  readonly injections: readonly number[];
  /** main.cf settings beyond the instance's base (validate/postfix.ts). */
  readonly settings: Readonly<Record<string, string>>;
  /** How long to watch after the first injection, seconds. */
  readonly watch: number;
}

/** The compressed schedule the independent check used: every figure of Postfix's scheduler divided down. */
const COMPRESSED = {
  queue_run_delay: "10s",
  minimal_backoff_time: "10s",
  maximal_backoff_time: "80s",
  maximal_queue_lifetime: "10m",
  bounce_queue_lifetime: "10m",
  delay_warning_time: "2m",
};

export const CASES: readonly Case[] = [
  {
    name: "postfix-smoke", daemon: "postfix", nextHop: "refused", injections: [0, 3], watch: 60,
    settings: { queue_run_delay: "5s", minimal_backoff_time: "5s", maximal_backoff_time: "20s", maximal_queue_lifetime: "40s", bounce_queue_lifetime: "40s", delay_warning_time: "0h" },
    description: "two messages 3 s apart, a 40-second lifetime; the relay host refuses every connection (the quick check CI runs)",
  },
  {
    name: "postfix-refused-1", daemon: "postfix", nextHop: "refused", injections: [0], settings: COMPRESSED, watch: 700,
    description: "one message; the relay host refuses every connection (nothing listens: RST)",
  },
  {
    name: "postfix-refused-3x25s", daemon: "postfix", nextHop: "refused", injections: [0, 25, 50], settings: COMPRESSED, watch: 750,
    description: "three messages 25 s apart; the relay host refuses every connection",
  },
  {
    name: "postfix-refused-6", daemon: "postfix", nextHop: "refused", injections: [0, 0, 0, 0, 0, 0], settings: COMPRESSED, watch: 700,
    description: "six messages at once; the relay host refuses every connection",
  },
];
