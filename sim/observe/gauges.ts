/**
 * A simulation's gauges (engine/gauge.ts), gathered once: every MTA's and every
 * caching resolver's, as the models provide them, and every link's reading from
 * the network's flow model. The runner samples them; the summaries, the time
 * series, the message story and the browser worker read model state through them
 * and through nothing else.
 */
import type { Gauge } from "../engine";
import type { MtaGauge } from "../mta";
import type { ResolverCounters } from "../dns";
import type { Link, LinkStatsReading } from "../net";
import type { Simulation } from "../scenario/simulation";

/** A link's gauge, with the link it reads (its ends, bandwidth and latency, as the network has them now). */
export interface LinkGauge extends Gauge<LinkStatsReading> {
  readonly link: Link;
}

export interface SimGauges {
  /** Per MTA, in scenario order. */
  readonly mtas: readonly MtaGauge[];
  /** Per caching resolver, in scenario order. */
  readonly resolvers: readonly Gauge<ResolverCounters>[];
  /** Per link, in the network's order (the scenario's links, then any the loader added). */
  readonly links: readonly LinkGauge[];
}

export function gaugesOf(sim: Simulation): SimGauges {
  return {
    mtas: [...sim.mtas.values()].map((m) => m.gauge()),
    resolvers: [...sim.dns.resolvers.values()].map((r) => r.gauge()),
    links: sim.net.links.map((link) => ({ subject: link.name, link, read: () => sim.net.linkStats(link.name) })),
  };
}

/**
 * Utilisation of a link's busier direction between two readings `dt` seconds
 * apart: the increase of ∫utilisation dt over the interval, divided by its length
 * (a line full one way is full, however idle the other way is).
 */
export function busierUtilisation(before: LinkStatsReading, now: LinkStatsReading, dt: number): number {
  if (!(dt > 0)) return 0;
  const [a0, b0] = before.directions, [a1, b1] = now.directions;
  return Math.max(a1.busyIntegral - a0.busyIntegral, b1.busyIntegral - b0.busyIntegral) / dt;
}
