/**
 * Routing: which links a packet from one host to another crosses.
 *
 * Dynamic routes minimise total one-way latency (Dijkstra 1959 over the up links,
 * the metric a link-state IGP such as OSPF would use if costs were set to delays).
 * Down links are skipped and down hosts do not forward, so taking a link down
 * reroutes traffic at once: routes are recomputed lazily after every topology
 * change (no convergence delay is modelled). Ties are broken deterministically:
 * among equal-latency paths the one found first in host/link creation order wins.
 *
 * A *static route* pins the host path from one host to another (one direction),
 * e.g. to force mail through a firewall. Static routes win over dynamic ones, and
 * they are strict: when a hop on a static route is down, the destination is
 * unreachable rather than silently routed around the firewall.
 *
 * A route is also expressed in *constraints* (link direction ids: 2i for a→b,
 * 2i+1 for b→a) for the flow model.
 */
import type { LinkState, Topology } from "./topology";

export interface Route {
  readonly links: readonly LinkState[];
  /** Host indices from source to destination, inclusive. */
  readonly hosts: Int32Array;
  /** Constraint id per hop: 2·link + (0 if crossed a→b, 1 if b→a). */
  readonly cons: Int32Array;
  /** Sum of link latencies, seconds. */
  readonly latency: number;
}

const EMPTY = new Int32Array(0);

export class Router {
  private readonly cache = new Map<number, Route | null>();
  private readonly trees = new Map<number, Int32Array>();
  private readonly statics = new Map<number, Int32Array>();

  constructor(private readonly topo: Topology) {}

  /** Forget every computed route (call after any topology or up/down change). */
  invalidate(): void {
    this.cache.clear();
    this.trees.clear();
  }

  /** Pin the host path src -> via... -> dst. Consecutive hosts must share a link. */
  setStatic(src: number, dst: number, via: readonly number[]): void {
    const hops = [src, ...via, dst];
    if (new Set(hops).size !== hops.length) {
      throw new Error(`net: static route ${this.topo.hosts[src].name} -> ${this.topo.hosts[dst].name} visits a host twice`);
    }
    for (let i = 0; i + 1 < hops.length; i++) {
      const a = hops[i], b = hops[i + 1];
      if (!this.topo.adjacency[a].some((l) => (l.ai === a && l.bi === b) || (l.ai === b && l.bi === a))) {
        const ha = this.topo.hosts[a].name, hb = this.topo.hosts[b].name;
        throw new Error(`net: static route ${this.topo.hosts[src].name} -> ${this.topo.hosts[dst].name}: no link between ${ha} and ${hb}`);
      }
    }
    this.statics.set(key(src, dst), Int32Array.from(hops));
    this.invalidate();
  }

  /** The route from src to dst (host indices), or null when none is up. */
  route(src: number, dst: number): Route | null {
    const k = key(src, dst);
    const cached = this.cache.get(k);
    if (cached !== undefined) return cached;
    const r = src === dst ? { links: [], hosts: Int32Array.of(src), cons: EMPTY, latency: 0 } : this.compute(src, dst);
    this.cache.set(k, r);
    return r;
  }

  private compute(src: number, dst: number): Route | null {
    const pinned = this.statics.get(key(src, dst));
    if (pinned !== undefined) return this.follow(pinned);
    const prev = this.tree(src);
    if (prev[dst] < 0) return null;
    const hosts: number[] = [dst];
    for (let h = dst; h !== src; ) {
      const l = this.topo.links[prev[h]];
      h = l.ai === h ? l.bi : l.ai;
      hosts.push(h);
    }
    hosts.reverse();
    return this.follow(Int32Array.from(hosts));
  }

  /** Build a route along a host sequence, taking the lowest-latency up link per hop. */
  private follow(hops: Int32Array): Route | null {
    const topo = this.topo;
    const links: LinkState[] = [];
    const cons = new Int32Array(hops.length - 1);
    let latency = 0;
    for (let i = 0; i + 1 < hops.length; i++) {
      const a = hops[i], b = hops[i + 1];
      if (i > 0 && !topo.hosts[a].up) return null;
      let best: LinkState | null = null;
      for (const l of topo.adjacency[a]) {
        if (!l.up || !((l.ai === a && l.bi === b) || (l.ai === b && l.bi === a))) continue;
        if (best === null || l.latency < best.latency) best = l;
      }
      if (best === null) return null;
      links.push(best);
      cons[i] = 2 * best.index + (best.ai === a ? 0 : 1);
      latency += best.latency;
    }
    return { links, hosts: hops, cons, latency };
  }

  /** Shortest-latency tree from src: prev[h] = link index into h, -1 if unreached. */
  private tree(src: number): Int32Array {
    const t = this.trees.get(src);
    if (t !== undefined) return t;
    const topo = this.topo;
    const n = topo.hosts.length;
    const dist = new Float64Array(n).fill(Infinity);
    const prev = new Int32Array(n).fill(-1);
    const done = new Uint8Array(n);
    // Binary heap of (dist, host); ties by host index keep the result deterministic.
    const hd: number[] = [];
    const hh: number[] = [];
    const push = (d: number, h: number): void => {
      let i = hd.length;
      hd.push(d);
      hh.push(h);
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (hd[p] < d || (hd[p] === d && hh[p] < h)) break;
        hd[i] = hd[p];
        hh[i] = hh[p];
        i = p;
      }
      hd[i] = d;
      hh[i] = h;
    };
    const pop = (): number => {
      const top = hh[0];
      const d = hd.pop()!;
      const h = hh.pop()!;
      const n2 = hd.length;
      if (n2 > 0) {
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= n2) break;
          if (c + 1 < n2 && (hd[c + 1] < hd[c] || (hd[c + 1] === hd[c] && hh[c + 1] < hh[c]))) c++;
          if (d < hd[c] || (d === hd[c] && h < hh[c])) break;
          hd[i] = hd[c];
          hh[i] = hh[c];
          i = c;
        }
        hd[i] = d;
        hh[i] = h;
      }
      return top;
    };
    dist[src] = 0;
    push(0, src);
    while (hd.length > 0) {
      const u = pop();
      if (done[u]) continue;
      done[u] = 1;
      if (u !== src && !topo.hosts[u].up) continue; // a down host does not forward
      for (const l of topo.adjacency[u]) {
        if (!l.up) continue;
        const v = l.ai === u ? l.bi : l.ai;
        const d = dist[u] + l.latency;
        if (d < dist[v]) {
          dist[v] = d;
          prev[v] = l.index;
          push(d, v);
        }
      }
    }
    this.trees.set(src, prev);
    return prev;
  }
}

function key(src: number, dst: number): number {
  return src * 0x100000 + dst;
}
