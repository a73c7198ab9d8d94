/**
 * The page's state of one run: everything the views draw, folded from the worker's
 * batches (protocol.ts). `apply(store, batch)` is the only writer; the views read.
 * A batch with `reset` (a load or a replay after scrubbing back) starts afresh.
 */
import type { TraceEvent } from "../../sim/index";
import type { Batch, Loaded, SampleRow } from "../protocol";
import { countEvent, emptyCounters, emptyLatency, type Counters, type Latency } from "./counters";
import { emptyPending, itemFrom, type Item, type Pending } from "./dots";
import type { Context } from "./sentences";

export interface Store {
  info: Loaded;
  t: number;
  done: boolean;
  /** Every event the page kept, in trace order. */
  events: TraceEvent[];
  samples: SampleRow[];
  utilNow: number[];
  queuesNow: [number, number][];
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
    info, t: 0, done: false, events: [], samples: [], utilNow: info.topology.links.map(() => 0), queuesNow: info.mtas.map(() => [0, 0]),
    counters: emptyCounters(), latency: emptyLatency(), pending: emptyPending(), items: [], plans: new Map(), down: new Set(), version: 0,
  };
}

export function context(s: Store): Context {
  return { plan: (host, message) => s.plans.get(`${host}|${message}`) };
}

export function apply(s: Store, b: Batch): void {
  if (b.reset) {
    const fresh = newStore(s.info);
    Object.assign(s, fresh, { version: s.version });
  }
  for (const e of b.events) {
    s.events.push(e);
    countEvent(s.counters, s.latency, e);
    if (e.type === "mta.plan") s.plans.set(`${e.host}|${e.message}`, e.candidates);
    else if (e.type === "host.down") s.down.add(e.host);
    else if (e.type === "host.up") s.down.delete(e.host);
    const it = itemFrom(s.pending, e);
    if (it) s.items.push(it);
  }
  for (const r of b.samples) s.samples.push(r);
  s.t = b.t;
  s.done = b.done;
  s.utilNow = b.utilNow;
  s.queuesNow = b.queuesNow;
  s.version++;
}
