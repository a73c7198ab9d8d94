/**
 * Where each host goes on the map, as the tutorial draws it: the Internet in the
 * middle, the outside world (ISPs, the 2nd MX, remote sites) to its left with the
 * root and TLD servers at the far left, the firewall on the boundary, and the inside
 * (gateway, internal relays, mailbox servers) to the right by hop distance.
 *
 * A scenario without `region: inside` hosts is laid out by hop distance from its
 * first host. Coordinates are normalised to [0, 1]; the view scales them. The layout
 * is a pure, deterministic function of the topology, so it is unit-tested.
 */
import type { Topology } from "../protocol";

export interface Placed {
  name: string;
  x: number;
  y: number;
  col: number;
}

export interface Layout {
  hosts: Map<string, Placed>;
  /** x of the firewall boundary, or undefined without an inside region. */
  boundary: number | undefined;
  cols: number;
}

function bfs(topo: Topology, root: string): Map<string, number> {
  const adj = new Map<string, string[]>();
  for (const h of topo.hosts) adj.set(h.name, []);
  for (const l of topo.links) {
    adj.get(l.a)?.push(l.b);
    adj.get(l.b)?.push(l.a);
  }
  const depth = new Map<string, number>([[root, 0]]);
  const queue = [root];
  while (queue.length > 0) {
    const h = queue.shift() as string;
    for (const n of adj.get(h) ?? []) {
      if (!depth.has(n)) {
        depth.set(n, (depth.get(h) ?? 0) + 1);
        queue.push(n);
      }
    }
  }
  return depth;
}

export function layout(topo: Topology): Layout {
  if (topo.hosts.length === 0) return { hosts: new Map(), boundary: undefined, cols: 0 };
  const root = (topo.hosts.find((h) => h.role === "internet") ?? topo.hosts[0]).name;
  const depth = bfs(topo, root);
  const split = topo.hosts.some((h) => h.region === "inside");
  const col = new Map<string, number>();
  let maxOutside = 0;
  for (const h of topo.hosts) {
    const d = depth.get(h.name) ?? 1;
    if (!split) col.set(h.name, d);
    else if (h.name === root) col.set(h.name, 0);
    else if (h.region === "inside" || h.role === "firewall") col.set(h.name, d);
    else if (!h.synthetic) {
      col.set(h.name, -d);
      maxOutside = Math.max(maxOutside, d);
    }
  }
  for (const h of topo.hosts) if (!col.has(h.name)) col.set(h.name, -(maxOutside + 1)); // synthesised root/TLD servers
  const values = [...col.values()];
  const lo = Math.min(...values), hi = Math.max(...values);
  const byCol = new Map<number, string[]>();
  for (const h of topo.hosts) {
    const c = col.get(h.name) as number;
    const list = byCol.get(c) ?? [];
    list.push(h.name);
    byCol.set(c, list);
  }
  const ncols = hi - lo + 1;
  const hosts = new Map<string, Placed>();
  for (const [c, names] of byCol) {
    names.forEach((name, i) => {
      hosts.set(name, { name, col: c - lo, x: (c - lo + 0.5) / ncols, y: (i + 1) / (names.length + 1) });
    });
  }
  const fw = topo.hosts.find((h) => h.role === "firewall" && h.region === "inside") ?? topo.hosts.find((h) => h.role === "firewall");
  const boundary = split && fw ? (hosts.get(fw.name) as Placed).x : split ? (0 - lo + 1) / ncols : undefined;
  return { hosts, boundary, cols: ncols };
}

/** The hosts a transfer passes, by fewest hops over the links (the map's drawing of a route). */
export function pathBetween(topo: Topology, from: string, to: string): string[] {
  if (from === to) return [from];
  const adj = new Map<string, string[]>();
  for (const l of topo.links) {
    (adj.get(l.a) ?? adj.set(l.a, []).get(l.a) as string[]).push(l.b);
    (adj.get(l.b) ?? adj.set(l.b, []).get(l.b) as string[]).push(l.a);
  }
  const prev = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length > 0) {
    const h = queue.shift() as string;
    if (h === to) break;
    for (const n of adj.get(h) ?? []) if (!prev.has(n)) { prev.set(n, h); queue.push(n); }
  }
  if (!prev.has(to)) return [from, to];
  const path = [to];
  while (path[0] !== from) path.unshift(prev.get(path[0]) as string);
  return path;
}
