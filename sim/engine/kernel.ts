/**
 * The kernel: a clock and one event queue, and nothing else.
 *
 * Like SimPy's `Environment`, the kernel knows no network and no mail. Everything
 * that happens in a simulation is an event: a function scheduled to run at a
 * simulated time (seconds, float64). Models are built *on* the kernel (links,
 * resolvers, queue managers) by scheduling events and cancelling them.
 *
 *   const k = new Kernel();
 *   k.schedule(1.5, () => console.log(k.now));   // prints 1.5
 *   k.run();
 *
 * Runs can be bounded by simulated time (`until`), by event count (`maxEvents`)
 * and by wall time (`maxWallMs`): a runaway model (a retry loop with no backoff,
 * say) stops with a {@link RunawayError} that says which guard tripped, instead of
 * spinning forever. The runner (sim/observe/run.ts) drives the kernel in slices
 * with {@link Kernel.run} and {@link Kernel.step}, for the CLI and the browser alike.
 *
 * Two rules for every layer built on the kernel:
 *
 *  - **A callback is never invoked synchronously from the call that registers it.**
 *    Whoever hands a function to be called "when it is done" (a session's result, a
 *    lookup's answer, a free delivery slot) may rely on the registering call having
 *    returned first, so it needs no guard against re-entering its own half-finished
 *    state. Where the answer can be known at once (a cache hit, a free slot, an
 *    address literal) the caller asks first and registers only when it must wait
 *    (`Concurrency.tryAcquire` then `wait`, `knownPlan` then `planHops`), rather
 *    than deferring the answer by a zero-delay event: an extra event would also
 *    move every other same-time event scheduled after it, and so change the trace.
 *  - **(handler, argument) pairs are a hot-path device of sim/engine and sim/net.**
 *    `schedule(delay, handler, arg)` with a handler made once lets a model that
 *    schedules millions of events pass its state without allocating a closure per
 *    event (the flow model, TCP setup, an SMTP session's steps). APIs above sim/net
 *    take plain closures (`runSession(env, req, (result) => …)`) or emit events.
 */
import { EventQueue, type Handler, type TimerId } from "./event-queue";

export type { Handler, TimerId } from "./event-queue";

export interface RunLimits {
  /** Stop before the first event later than this time; the clock is then set to it. */
  until?: number;
  /** Stop with a RunawayError after this many events in this call. */
  maxEvents?: number;
  /** Stop with a RunawayError after this much wall time (ms) in this call. */
  maxWallMs?: number;
}

export interface RunResult {
  /** Events fired by this call. */
  events: number;
  /** Why the run stopped. */
  reason: "until" | "empty" | "stopped";
}

/** A run stopped by one of its guards; the message names the guard and the clock. */
export class RunawayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunawayError";
  }
}

/**
 * How often (in events) the wall-clock guard looks at the clock: reading it costs ~30 ns,
 * a thirtieth of a nanosecond an event at this spacing, and at ~1 µs an event the guard
 * stops a run within about a millisecond of its cap.
 */
const WALL_CHECK_EVERY = 1 << 10;

/** Wall clock for the runaway guard only; it never feeds simulated behaviour. */
const wallNow: () => number = () => globalThis.performance.now();

export class Kernel {
  /** Current simulated time, seconds. */
  now = 0;
  /** Events fired since the kernel was made. */
  eventsFired = 0;

  private readonly queue = new EventQueue();
  private stopRequested = false;
  /** Callbacks to run once the current instant is over (see {@link atEndOfInstant}). */
  private endOfInstant: ((() => void) | null)[] = [];
  private spareEndOfInstant: ((() => void) | null)[] = [];
  private endOfInstantCount = 0;

  /** Number of events still pending. */
  get pending(): number {
    return this.queue.size;
  }

  /** Time of the next pending event, or Infinity. */
  nextTime(): number {
    return this.queue.peekTime();
  }

  /**
   * Run `action(arg)` after `delay` seconds. Passing the state as `arg` instead of
   * capturing it in a closure lets hot models schedule without allocating.
   */
  schedule(delay: number, action: () => void): TimerId;
  schedule<A>(delay: number, action: Handler<A>, arg: A): TimerId;
  schedule<A>(delay: number, action: Handler<A>, arg?: A): TimerId {
    if (!(delay >= 0)) throw new RangeError(`schedule: delay must be >= 0 (got ${delay})`);
    return this.queue.push(this.now + delay, action, arg as A);
  }

  /** Run `action(arg)` at absolute time `time` (not in the past). */
  at(time: number, action: () => void): TimerId;
  at<A>(time: number, action: Handler<A>, arg: A): TimerId;
  at<A>(time: number, action: Handler<A>, arg?: A): TimerId {
    if (!(time >= this.now)) throw new RangeError(`at: time ${time} is before now (${this.now})`);
    return this.queue.push(time, action, arg as A);
  }

  /** Cancel a pending event; returns false if it already fired or was cancelled. */
  cancel(id: TimerId): boolean {
    return this.queue.cancel(id);
  }

  /**
   * Run `fn` once every event at the current time has fired, before the clock moves
   * on. A model whose state is changed by many events at one instant (the flow
   * model: ten thousand transfers starting at t = 0) re-solves once per instant
   * instead of once per event, without scheduling an event of its own. Callbacks
   * may schedule events at the current time; those fire before the clock moves, and
   * the callbacks asked for again then run again.
   */
  atEndOfInstant(fn: () => void): void {
    this.endOfInstant[this.endOfInstantCount++] = fn;
  }

  /** If the instant is over (the next event is later, or none is left), run the end-of-instant callbacks. */
  private closeInstant(): void {
    while (this.endOfInstantCount > 0 && this.queue.peekTime() > this.now) {
      // Two lists used in turn: callbacks added while these run go to the other one.
      // Lists keep their storage (a count, not `length = 0`, which would free it).
      const fns = this.endOfInstant, n = this.endOfInstantCount;
      this.endOfInstant = this.spareEndOfInstant;
      this.endOfInstantCount = 0;
      this.spareEndOfInstant = fns;
      for (let i = 0; i < n; i++) {
        const fn = fns[i]!;
        fns[i] = null;
        fn();
      }
    }
  }

  /** Ask a running `run` to return after the current event. */
  stop(): void {
    this.stopRequested = true;
  }

  /** Fire the next event. Returns false when none remains. */
  step(): boolean {
    const q = this.queue;
    const action = q.pop();
    if (action === null) return false;
    this.now = q.poppedTime;
    this.eventsFired++;
    action(q.poppedArg);
    if (this.endOfInstantCount > 0) this.closeInstant();
    return true;
  }

  /** Fire every event up to and including `time`, then set the clock to `time`. */
  runUntil(time: number): RunResult {
    return this.run({ until: time });
  }

  /**
   * Fire events until the queue is empty, `until` is passed, or stop() is called.
   * Guards throw RunawayError; the kernel stays consistent and can be resumed.
   */
  run(limits: RunLimits = {}): RunResult {
    const until = limits.until ?? Infinity;
    const maxEvents = limits.maxEvents ?? Infinity;
    const maxWallMs = limits.maxWallMs ?? Infinity;
    const q = this.queue;
    const wallStart = maxWallMs < Infinity ? wallNow() : 0;
    let events = 0;
    this.stopRequested = false;
    for (;;) {
      if (until < Infinity && q.peekTime() > until) {
        if (until > this.now) this.now = until;
        return this.finish(events, "until");
      }
      const action = q.pop();
      if (action === null) {
        if (until < Infinity && until > this.now) this.now = until;
        return this.finish(events, until < Infinity ? "until" : "empty");
      }
      this.now = q.poppedTime;
      action(q.poppedArg);
      if (this.endOfInstantCount > 0) this.closeInstant();
      events++;
      if (this.stopRequested) return this.finish(events, "stopped");
      if (events >= maxEvents) {
        this.finish(events, "stopped");
        throw new RunawayError(
          `run stopped after ${events} events at t=${this.now.toFixed(3)} s (maxEvents guard); ` +
            `${q.size} events still pending`,
        );
      }
      if ((events & (WALL_CHECK_EVERY - 1)) === 0 && maxWallMs < Infinity && wallNow() - wallStart > maxWallMs) {
        this.finish(events, "stopped");
        throw new RunawayError(
          `run stopped after ${maxWallMs} ms of wall time at t=${this.now.toFixed(3)} s ` +
            `(maxWallMs guard), ${events} events fired, ${q.size} pending`,
        );
      }
    }
  }

  private finish(events: number, reason: RunResult["reason"]): RunResult {
    this.eventsFired += events;
    return { events, reason };
  }
}
