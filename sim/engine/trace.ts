/**
 * The trace bus: the one channel through which models say what happened.
 *
 * Models never print and never keep statistics. They emit typed events
 * (`{ t, type, host, ... }`) here; the event log, metrics, explanations,
 * fingerprints and exporters subscribe (a d3-dispatch-like fan-out). The bus
 * carries no meaning of its own; each layer declares its events by augmenting
 * {@link TraceEventMap}:
 *
 *   declare module "../engine/trace" {
 *     interface TraceEventMap { "link.down": { link: string } }
 *   }
 *
 * Cost with nobody listening: models guard every emit with `if (bus.on)`, so the
 * event object is never built. That keeps a benchmark run as fast as a run with no
 * bus at all.
 */

/** Event payloads by type; each layer adds its own entries by declaration merging. */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface TraceEventMap {
  /** Free-form note from a model or a test. */
  note: { text: string };
}

export type TraceType = keyof TraceEventMap;

/** One trace event: time, type, the host where it happened, and the type's fields. */
export type TraceEvent = {
  [K in TraceType]: { t: number; type: K; host: string } & TraceEventMap[K];
}[TraceType];

export type TraceOf<K extends TraceType> = { t: number; type: K; host: string } & TraceEventMap[K];

export type TraceListener = (event: TraceEvent) => void;

export class TraceBus {
  /** True when at least one listener is subscribed; check it before building an event. */
  on = false;
  /** Events emitted so far (built and handed to listeners: only while someone listens). */
  emitted = 0;
  private listeners: TraceListener[] = [];

  /** Listeners of some types only, by type (see {@link subscribeTo}). */
  private readonly byType = new Map<string, TraceListener[]>();
  private typed = 0;

  /** Subscribe to every event; returns the function that unsubscribes. Listeners run in subscription order. */
  subscribe(listener: TraceListener): () => void {
    this.listeners = [...this.listeners, listener];
    this.update();
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
      this.update();
    };
  }

  /**
   * Subscribe to events of the given types only. The bus looks the type up once per
   * event, rather than every such listener testing every event's type: a day at an
   * ISP emits thirty million events, and a latency watcher wants five types of them.
   * These listeners run after the ones that hear everything, in subscription order.
   */
  subscribeTo(types: readonly TraceType[], listener: TraceListener): () => void {
    for (const t of types) this.byType.set(t, [...(this.byType.get(t) ?? []), listener]);
    this.typed++;
    this.update();
    return () => {
      for (const t of types) {
        const rest = (this.byType.get(t) ?? []).filter((l) => l !== listener);
        if (rest.length > 0) this.byType.set(t, rest);
        else this.byType.delete(t);
      }
      this.typed--;
      this.update();
    };
  }

  private update(): void {
    this.on = this.listeners.length > 0 || this.typed > 0;
  }

  emit(event: TraceEvent): void {
    this.emitted++;
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) ls[i](event);
    if (this.typed === 0) return;
    const ts = this.byType.get(event.type);
    if (ts !== undefined) for (let i = 0; i < ts.length; i++) ts[i](event);
  }
}
