/**
 * A gauge: the one way an observer reads a model's state.
 *
 * Observers learn what happened from the trace bus. What the bus cannot tell
 * cheaply — how long a queue is now, how many lookups a resolver has answered —
 * a model hands out as a gauge: a named subject and a `read()` that returns a
 * fresh reading, plain data copied out of the model (never a live view of it,
 * so an observer can neither change the model nor see it change under it).
 * This is OMNeT++'s split between signals (events, here the bus) and the
 * statistics recorded from them, with the model's few levels exposed as readings
 * rather than as fields an observer could reach through.
 *
 * Reading a gauge fires no event and draws no random number, so it cannot change
 * a run: the runner (sim/observe/run.ts) samples gauges between kernel slices, and
 * a bus listener may read one at the instant of the event it concerns. Models
 * provide their gauges (`Mta.gauge()`, `Resolver.gauge()`); nothing else of a model
 * is read from outside.
 */
export interface Gauge<Reading> {
  /** What the reading is of: a host's or a link's name. */
  readonly subject: string;
  /** The state now, as a fresh plain record. */
  read(): Reading;
}
