/**
 * A bounded window onto a growing sequence of trace events: the newest `max` of them
 * (up to a quarter more between trims), numbered absolutely — event n of the sequence
 * is `events[n - base]` while it is held. Dropping the oldest in chunks keeps a push
 * O(1) amortised, and absolute numbers let a reader (the event log's LogMatches) keep
 * its place while the front is dropped.
 */
import type { TraceEvent } from "../../sim/index";

export interface EventWindow {
  events: TraceEvent[];
  /** How many events were dropped before `events[0]`. */
  base: number;
  readonly max: number;
}

export function eventWindow(max: number): EventWindow {
  return { events: [], base: 0, max };
}

export function pushEvent(w: EventWindow, e: TraceEvent): void {
  w.events.push(e);
  if (w.events.length > w.max * 1.25) {
    const drop = w.events.length - w.max;
    w.events.splice(0, drop);
    w.base += drop;
  }
}

/** Event number n, if the window still holds it. */
export function eventAt(w: EventWindow, n: number): TraceEvent | undefined {
  return n >= w.base ? w.events[n - w.base] : undefined;
}

/** How many events the sequence has had (held or dropped). */
export function seen(w: EventWindow): number {
  return w.base + w.events.length;
}
