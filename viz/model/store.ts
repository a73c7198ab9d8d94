/**
 * The page's state of one run: everything the views draw, folded from the worker's
 * batches (protocol.ts). `apply(store, batch)` is the only writer; the views read.
 * A batch with `reset` (a load or a replay after scrubbing back) starts afresh.
 *
 * The page holds bounded windows of trace events (model/event-window.ts): the newest
 * {@link PAGE_EVENTS} of every kind, and the newest {@link PAGE_DECISIONS} decisions,
 * which the event log shows by default and which reach much further back (a day of the
 * default scenario is ~290,000 events, ~85,000 of them decisions). Memory and garbage
 * collection stay flat however long the run. Counters, the
 * latency samples, the charts' samples and the MX plans are folded as events arrive,
 * so they cover the whole run; a message's full story is kept by the worker
 * (worker.ts answers the inspector).
 */
import type { Batch, Loaded, QueueCounts, SampleRow } from "../protocol";
import { countEvent, emptyCounters, emptyLatency, type Counters, type Latency } from "./counters";
import { emptyPending, itemFrom, type Item, type Pending } from "./dots";
import type { Context } from "./sentences";
import { isDecision } from "./event-kinds";
import { eventWindow, pushEvent, type EventWindow } from "./event-window";

/** How many trace events of every kind the page holds (the event log's reach into the past). */
export const PAGE_EVENTS = 40_000;
/** How many decisions the page holds (the default view of the event log). */
export const PAGE_DECISIONS = 100_000;
/** How many MX plans (host, message) the page remembers. */
const PAGE_PLANS = 20_000;

export interface Store {
  info: Loaded;
  t: number;
  done: boolean;
  /** The newest events of every kind the page kept, in trace order. */
  recent: EventWindow;
  /** The newest decisions (event-kinds.ts isDecision), in trace order. */
  decisions: EventWindow;
  /** Bumped by every reset (load, replay): event numbers of an earlier run mean nothing now. */
  run: number;
  samples: SampleRow[];
  utilNow: number[];
  queuesNow: QueueCounts[];
  counters: Counters;
  latency: Latency;
  pending: Pending;
  /** Items started recently (the dots view prunes what is no longer visible). */
  items: Item[];
  plans: Map<string, readonly string[]>;
  /** Hosts down now (host.down / host.up). */
  down: Set<string>;
  /** Bumped on every change, so views redraw only when needed. */
  version: number;
}

export function newStore(info: Loaded): Store {
  return {
    info, t: 0, done: false, recent: eventWindow(PAGE_EVENTS), decisions: eventWindow(PAGE_DECISIONS), run: 0, samples: [], utilNow: info.topology.links.map(() => 0), queuesNow: info.mtas.map((): QueueCounts => [0, 0, 0]),
    counters: emptyCounters(), latency: emptyLatency(), pending: emptyPending(), items: [], plans: new Map(), down: new Set(), version: 0,
  };
}

export function context(s: Store): Context {
  return { plan: (host, message) => s.plans.get(`${host}|${message}`) };
}

export function apply(s: Store, b: Batch): void {
  if (b.reset) {
    const fresh = newStore(s.info);
    Object.assign(s, fresh, { version: s.version, run: s.run + 1 });
  }
  for (const e of b.events) {
    pushEvent(s.recent, e);
    if (isDecision(e)) pushEvent(s.decisions, e);
    countEvent(s.counters, s.latency, e);
    if (e.type === "mta.plan") s.plans.set(`${e.host}|${e.message}`, e.candidates);
    else if (e.type === "host.down") s.down.add(e.host);
    else if (e.type === "host.up") s.down.delete(e.host);
    const it = itemFrom(s.pending, e);
    if (it) s.items.push(it);
  }
  // Plans are looked up by host and message while the message is in flight: keep the newest.
  if (s.plans.size > PAGE_PLANS) for (const k of s.plans.keys()) { s.plans.delete(k); if (s.plans.size <= PAGE_PLANS * 0.9) break; }
  for (const r of b.samples) s.samples.push(r);
  s.t = b.t;
  s.done = b.done;
  s.utilNow = b.utilNow;
  s.queuesNow = b.queuesNow;
  s.version++;
}
