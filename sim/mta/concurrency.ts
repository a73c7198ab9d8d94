/**
 * How many deliveries run at once: per destination, globally, or without limit.
 *
 *  - Postfix (SCHEDULER_README, "concurrency feedback"): each destination starts at
 *    `initial` parallel deliveries (default_destination_concurrency_limit's slow
 *    start, 5), grows by +1 per success up to the limit (20), and shrinks on
 *    failure — so a site that comes back after an outage is not hit by the whole
 *    deferred queue at once;
 *  - qmail (qmail-send.c): one global limit for remote deliveries
 *    (concurrencyremote 20), no per-destination limit;
 *  - sendmail, Exim, RFC 5321: no scheduler-wide limit (sendmail forks a process
 *    per message or queue run; Exim parallelises within one message). Their own
 *    limits are not a scheduler's: Exim's remote_max_parallel caps one message's
 *    deliveries (delivery-agent.ts), sendmail's SingleThreadDelivery one host's
 *    connections (delivery.ts).
 * Deliveries that cannot start wait in FIFO order and start as slots free up.
 */
import type { ConcurrencyModel } from "./profiles";

/**
 * Waiting deliveries in FIFO order, O(1) push and shift: each is its destination
 * and its start function side by side in one array, with no record of its own (a
 * delivery may wait for long, and every object that outlives a few scavenges is
 * copied into the old generation). A taken delivery's cells are cleared at once:
 * its start function holds its whole message, and a line that kept it until the
 * next compaction would keep thousands of delivered messages alive.
 */
class Line {
  private cells: (string | (() => void) | undefined)[] = [];
  private head = 0;
  get length(): number {
    return (this.cells.length - this.head) >> 1;
  }
  push(dest: string, start: () => void): void {
    this.cells.push(dest, start);
  }
  /** The destination of the first waiting delivery (length > 0). */
  firstDest(): string {
    return this.cells[this.head] as string;
  }
  /** Take the first waiting delivery: its start function. */
  shift(): () => void {
    const start = this.cells[this.head + 1] as () => void;
    this.cells[this.head++] = undefined;
    this.cells[this.head++] = undefined;
    if (this.head === this.cells.length) {
      this.cells.length = 0;
      this.head = 0;
    } else if (this.head > 2048 && this.head * 2 > this.cells.length) {
      this.cells = this.cells.slice(this.head);
      this.head = 0;
    }
    return start;
  }
}

export class Concurrency {
  private readonly active = new Map<string, number>();
  private readonly window = new Map<string, number>();
  /** Waiting deliveries: one FIFO per destination (Postfix) or one for all (qmail). */
  private readonly waiting = new Map<string, Line>();
  private total = 0;
  private waitingCount = 0;

  constructor(readonly model: ConcurrencyModel) {}

  /** The current per-destination window (Postfix), or Infinity. */
  windowOf(dest: string): number {
    return this.model.kind === "postfix-feedback" ? this.window.get(dest) ?? this.model.initial : Infinity;
  }

  private canStart(dest: string): boolean {
    const m = this.model;
    if (m.kind === "global") return this.total < m.remote;
    if (m.kind === "postfix-feedback") return (this.active.get(dest) ?? 0) < this.windowOf(dest);
    return true;
  }

  /** The FIFO a delivery to `dest` waits in. */
  private lineOf(dest: string): Line {
    const key = this.model.kind === "global" ? "" : dest;
    let q = this.waiting.get(key);
    if (q === undefined) {
      q = new Line();
      this.waiting.set(key, q);
    }
    return q;
  }

  /**
   * Take a slot for a delivery to `dest` if one is free and nobody waits before it;
   * false when the delivery has to {@link wait}. The caller decides before it
   * registers anything, so no callback ever runs inside this call.
   */
  tryAcquire(dest: string): boolean {
    if (this.lineOf(dest).length > 0 || !this.canStart(dest)) return false;
    this.take(dest);
    return true;
  }

  /** Queue a delivery that {@link tryAcquire} refused: `start` runs from a later {@link release}, in FIFO order. */
  wait(dest: string, start: () => void): void {
    this.lineOf(dest).push(dest, start);
    this.waitingCount++;
  }

  /** A delivery to `dest` ended; `ok` feeds Postfix's concurrency feedback. */
  release(dest: string, ok: boolean): void {
    this.active.set(dest, (this.active.get(dest) ?? 1) - 1);
    this.total--;
    const m = this.model;
    if (m.kind === "postfix-feedback") {
      const w = this.windowOf(dest);
      this.window.set(dest, ok ? Math.min(m.limit, w + m.positiveFeedback) : Math.max(1, w - m.negativeFeedback));
    }
    // Only this destination's line (or the one global line) can have gained a slot.
    const line = this.lineOf(dest);
    while (line.length > 0 && this.canStart(dest)) {
      const waiter = line.firstDest();
      const start = line.shift();
      this.waitingCount--;
      this.take(waiter);
      start();
    }
  }

  /** Reset a destination to its initial window (Postfix reopens a dead destination at slow start). */
  reset(dest: string): void {
    this.window.delete(dest);
  }

  get running(): number {
    return this.total;
  }

  get queued(): number {
    return this.waitingCount;
  }

  private take(dest: string): void {
    this.active.set(dest, (this.active.get(dest) ?? 0) + 1);
    this.total++;
  }
}
