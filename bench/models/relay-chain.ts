/**
 * The classic store-and-forward chain on the bare kernel: Poisson arrivals into
 * `relays` relays in series; each relay has `slots` parallel outgoing slots; a
 * message holds a slot for size / lineBytesPerS seconds (its transmission on the
 * line), then releases it and reaches the next relay `propagation` seconds later.
 * Waiting messages queue FIFO. This is SimPy's textbook Resource example, and the
 * shape of an MTA relay path with a fixed number of concurrent deliveries.
 *
 * Messages are integers indexing typed arrays and every handler is bound once,
 * so the run allocates nothing per event: the figure measures the kernel.
 */
import { Kernel, RandomStreams } from "../../sim/engine";

export interface RelayChainParams {
  messages: number;
  relays: number;
  slots: number;
  lineBytesPerS: number;
  propagation: number;
  medianSize: number;
  sigma: number;
  /** Arrival rate as a fraction of one relay's capacity (slots / E[hold]). */
  load: number;
  seed?: number;
}

export const RELAY_DEFAULTS: RelayChainParams = {
  messages: 100_000, relays: 3, slots: 4, lineBytesPerS: 187_500, propagation: 0.01,
  medianSize: 10_000, sigma: 1.0, load: 0.8,
};

export interface RelayChainStats {
  delivered: number;
  meanLatency: number;
  /** 3·(E[size]/bandwidth + propagation): the latency with no queueing at all. */
  floorLatency: number;
  events: number;
}

export function relayChain(p: RelayChainParams): RelayChainStats {
  const k = new Kernel();
  const rnd = new RandomStreams(p.seed ?? 1);
  const arrivalsRng = rnd.stream("relay/arrivals");
  const sizeRng = rnd.stream("relay/sizes");
  const meanSize = p.medianSize * Math.exp((p.sigma * p.sigma) / 2);
  const meanHold = meanSize / p.lineBytesPerS;
  const rate = (p.load * p.slots) / meanHold;

  const size = new Float64Array(p.messages);
  const born = new Float64Array(p.messages);
  let injected = 0;
  let delivered = 0;
  let latencySum = 0;

  // Per relay: free slots and a FIFO ring of waiting message ids.
  const free = new Int32Array(p.relays).fill(p.slots);
  const cap = 1 << 16;
  const rings = Array.from({ length: p.relays }, () => new Int32Array(cap));
  const head = new Int32Array(p.relays);
  const len = new Int32Array(p.relays);

  const arriveAt: ((m: number) => void)[] = [];
  const doneAt: ((m: number) => void)[] = [];
  for (let r = 0; r < p.relays; r++) {
    const next = r + 1;
    doneAt.push((m) => {
      // Transmission finished: the slot serves the next waiting message, and this
      // one propagates to the next hop.
      if (len[r] > 0) {
        const w = rings[r][head[r]];
        head[r] = (head[r] + 1) & (cap - 1);
        len[r]--;
        k.schedule(size[w] / p.lineBytesPerS, doneAt[r], w);
      } else free[r]++;
      if (next < p.relays) k.schedule(p.propagation, arriveAt[next], m);
      else k.schedule(p.propagation, sink, m);
    });
    arriveAt.push((m) => {
      if (free[r] > 0) {
        free[r]--;
        k.schedule(size[m] / p.lineBytesPerS, doneAt[r], m);
      } else {
        if (len[r] === cap) throw new Error("relay chain: waiting line overflow");
        rings[r][(head[r] + len[r]) & (cap - 1)] = m;
        len[r]++;
      }
    });
  }
  const sink = (m: number): void => {
    delivered++;
    latencySum += k.now - born[m];
  };
  const source = (): void => {
    const m = injected++;
    size[m] = sizeRng.lognormal(p.medianSize, p.sigma);
    born[m] = k.now;
    arriveAt[0](m);
    if (injected < p.messages) k.schedule(arrivalsRng.exponential(rate), source);
  };
  k.schedule(arrivalsRng.exponential(rate), source);
  const r = k.run();
  return {
    delivered,
    meanLatency: latencySum / delivered,
    floorLatency: p.relays * (meanSize / p.lineBytesPerS + p.propagation),
    events: r.events,
  };
}
