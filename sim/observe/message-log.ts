/**
 * The message log: one row per message that entered the run, for `mxsim run
 * --out DIR` (messages.csv). The ledger says what became of every recipient
 * copy; the trace says when the message was injected, who sent it, how many SMTP
 * sessions carried it (attempts, over every hop), how many hosts queued it
 * (hops), and the last reply code it got.
 *
 * Notifications (bounces, delay warnings: `<host>-dsn-<n>`) and list/alias
 * expansions (`<id>~<list>.<n>`) are messages of their own and get rows of their
 * own; their `injected` time is when they were made.
 */
import type { Ledger, TraceBus } from "../engine";

interface Rec {
  injected: number;
  mailFrom: string | undefined;
  attempts: number;
  hops: number;
  code: number;
  last: number;
}

export interface MessageRow {
  id: string;
  /** Envelope sender ("" = the null sender <>), undefined when no event named it. */
  mailFrom: string | undefined;
  rcpts: string[];
  injected: number;
  /** One fate for all recipients (delivered, bounced, queued@host...) or each with its count. */
  fate: string;
  /** Time of the last event about the message. */
  time: number;
  attempts: number;
  hops: number;
  /** Last SMTP reply code seen (0 = none: local delivery, or no reply). */
  code: number;
}

export class MessageLog {
  private readonly recs = new Map<string, Rec>();

  constructor(bus: TraceBus) {
    bus.subscribe((e) => {
      switch (e.type) {
        case "traffic.injected": this.rec(e.message, e.t).mailFrom = e.mailFrom; break;
        case "mta.queued": { const r = this.rec(e.message, e.t); r.hops++; r.last = e.t; break; }
        case "smtp.connect": { const r = this.rec(e.message, e.t); r.attempts++; r.mailFrom ??= e.mailFrom; r.last = e.t; break; }
        case "mta.delivered": case "mta.bounced": case "mta.deferred": { const r = this.rec(e.message, e.t); r.code = e.code; r.last = e.t; break; }
        case "mta.expanded": { const r = this.rec(e.message, e.t); r.last = e.t; break; }
        default:
      }
    });
  }

  private rec(id: string, t: number): Rec {
    let r = this.recs.get(id);
    if (r === undefined) this.recs.set(id, (r = { injected: t, mailFrom: undefined, attempts: 0, hops: 0, code: 0, last: t }));
    return r;
  }

  /** Rows for every message in the ledger, in order of entry. */
  rows(ledger: Ledger): MessageRow[] {
    const byMessage = new Map<string, { rcpts: string[]; fates: string[] }>();
    for (const [id, rcpt, fate] of ledger.items()) {
      let m = byMessage.get(id);
      if (m === undefined) byMessage.set(id, (m = { rcpts: [], fates: [] }));
      m.rcpts.push(rcpt);
      m.fates.push(fate === "" ? "in-transit" : fate.slice(fate.indexOf(":") + 1));
    }
    const rows: MessageRow[] = [];
    for (const [id, m] of byMessage) {
      const r = this.recs.get(id);
      rows.push({ id, mailFrom: r?.mailFrom, rcpts: m.rcpts, injected: r?.injected ?? 0, fate: summarise(m.fates),
        time: r?.last ?? 0, attempts: r?.attempts ?? 0, hops: r?.hops ?? 0, code: r?.code ?? 0 });
    }
    return rows;
  }
}

function summarise(fates: string[]): string {
  if (fates.every((f) => f === fates[0])) return fates[0];
  const n = new Map<string, number>();
  for (const f of fates) n.set(f, (n.get(f) ?? 0) + 1);
  return [...n].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, k]) => `${f}:${k}`).join(" ");
}

/** RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(v: string | number): string {
  const s = typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toFixed(3)) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function messagesCsv(rows: readonly MessageRow[]): string {
  const head = "id,mail_from,rcpts,recipients,injected,fate,time,attempts,hops,code";
  const lines = rows.map((r) => [r.id, r.mailFrom === undefined ? "" : r.mailFrom === "" ? "<>" : r.mailFrom, r.rcpts.length, r.rcpts.join(" "), r.injected, r.fate, r.time, r.attempts, r.hops, r.code].map(csvField).join(","));
  return [head, ...lines].join("\n") + "\n";
}
