/**
 * How much a workload may ask the set-up to build at once. A scenario is data, and the
 * set-up materialises some of it before the first event: every transfer of a `count`
 * without a `rate` is created at t = start, and a population (a spam run's guessed
 * address space, a list's or a carrier's subscribers) is built as one string per
 * address. Beyond these sizes the set-up alone would pass the machine's memory (an
 * address string costs ~50 bytes; a pending transfer ~200), so validation refuses them
 * with the field; a run that needs more spreads them over time with a `rate`.
 */

/** Transfers or messages created at once (a `count` with no `rate`). */
export const AT_ONCE_LIMIT = 1_000_000;

/** Addresses of one population (addressSpace, subscribers). */
export const POPULATION_LIMIT = 10_000_000;
