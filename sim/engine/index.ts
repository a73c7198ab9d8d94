/**
 * sim/engine: clock, event queue, cancellable timers, named random streams, units. Knows no network, no mail.
 *
 * The rule for every layer (kernel.ts says why): a callback is never invoked synchronously from the call that
 * registers it; (handler, argument) pairs stay inside sim/engine and sim/net, plain closures or events above.
 */
export * as libm from "./libm";
export { Kernel, RunawayError, type RunLimits, type RunResult, type Handler, type TimerId } from "./kernel";
export { EventQueue } from "./event-queue";
export { RandomStreams, type Stream } from "./random";
export * from "./units";
export { TraceBus, type TraceEvent, type TraceEventMap, type TraceListener, type TraceOf, type TraceType } from "./trace";
export { itemName, Ledger, type Balance, type Place } from "./ledger";
export type { Gauge } from "./gauge";
export { NumberColumn, StringColumn, StringIndex } from "./columns";
