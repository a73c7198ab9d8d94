/**
 * dns-resolve: 1,000,000 lookups through one caching resolver, with real wire messages.
 *
 * 10,000 domains `dom<i>.com`, each its own zone (MX 10 mx.dom<i>.com, and its A),
 * delegated from a synthesised `com.` under a synthesised root, served by 100 hosting
 * servers on a star network (sim/net: latency + bandwidth share per datagram).
 * Lookups arrive every 15 ms of simulated time (≈ 2.1 h in all, so TTLs of 1 h expire
 * and popular names are fetched again); each is a domain drawn from a Zipf(1)
 * popularity law, resolved MX, then A of the exchanger it names — 500,000 pairs =
 * 1,000,000 resolutions. Every cache miss is a real encoded query, a real authority
 * answer and a real decode.
 *
 * Baseline, same run: the same draw sequence against a plain Map cache with the same
 * TTLs (a miss just stores the precomputed answer): the floor of "a cache lookup",
 * with no DNS, no messages and no network.
 */
import { Kernel, RandomStreams, TraceBus, type Stream } from "../../sim/engine";
import { Network } from "../../sim/net";
import { AuthServer, buildHierarchy, deployHierarchy, DnsTransport, Resolver, type Rr, type ServedZone, type Zone } from "../../sim/dns";
import type { BenchCase } from "../harness";
import { PeakMemory, timed } from "../harness";

const DOMAINS = 10_000;
const SERVERS = 100;
const PAIRS = 500_000;
const INTERVAL = 0.015;
const TTL = 3600;

const hostingAddr = (j: number): string => `203.0.${113 + (j >> 8)}.${j & 0xff}`;
const mxAddr = (i: number): string => `100.${64 + (i >> 16)}.${(i >> 8) & 0xff}.${i & 0xff}`;

/** Cumulative Zipf(s = 1) weights over ranks 1..n. */
function zipfCdf(n: number): Float64Array {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / (k + 1);
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  return cdf;
}

function drawRank(cdf: Float64Array, s: Stream): number {
  const u = s.random();
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function world() {
  const kernel = new Kernel();
  const bus = new TraceBus();
  const net = new Network(kernel, bus);
  const given: ServedZone[] = [];
  const byServer: Zone[][] = Array.from({ length: SERVERS }, () => []);
  for (let i = 0; i < DOMAINS; i++) {
    const origin = `dom${i}.com`;
    const ns = `ns.${origin}`;
    const j = i % SERVERS;
    const records: Rr[] = [
      { name: origin, type: "MX", class: "IN", ttl: TTL, data: { preference: 10, exchange: `mx.${origin}` } },
      { name: `mx.${origin}`, type: "A", class: "IN", ttl: TTL, data: mxAddr(i) },
    ];
    given.push({ zone: { origin, records }, servers: [{ name: ns, addr: hostingAddr(j) }] });
  }
  const h = buildHierarchy(given);
  net.addHost("internet");
  net.addHost("resolver", { addrs: ["10.0.0.53"] });
  net.addLink("resolver", "internet", { bandwidth: 100e6, latency: 0.01 });
  const synthetic = h.servers.filter((s) => s.addr.startsWith("198.18."));
  for (const s of synthetic) {
    net.addHost(s.name, { addrs: [s.addr] });
    net.addLink(s.name, "internet", { bandwidth: 1e9, latency: 0.01 });
  }
  for (let j = 0; j < SERVERS; j++) {
    net.addHost(`hosting${j}`, { addrs: [hostingAddr(j)] });
    net.addLink(`hosting${j}`, "internet", { bandwidth: 100e6, latency: 0.02 });
  }
  const transport = new DnsTransport(net, () => kernel.now);
  deployHierarchy(kernel, bus, transport, { ...h, servers: synthetic });
  for (const z of h.zones) if (!z.synthetic) byServer[Number(z.zone.origin.slice(3, -4)) % SERVERS].push(z.zone); // "dom<i>.com"
  byServer.forEach((zones, j) => new AuthServer(kernel, bus, transport, { name: `hosting${j}`, addr: hostingAddr(j), zones }));
  const resolver = new Resolver(kernel, bus, transport, { name: "resolver", addr: "10.0.0.53", rootHints: h.rootHints });
  return { kernel, resolver, transport };
}

/** The measured run: PAIRS MX-then-A lookups through the resolver. */
function throughResolver(cdf: Float64Array) {
  const { kernel, resolver, transport } = world();
  const draws = new RandomStreams(7).stream("bench/dns-resolve/zipf");
  let answered = 0;
  let issued = 0;
  const next = (): void => {
    const name = `dom${drawRank(cdf, draws)}.com`;
    issued++;
    resolver.resolve(name, "MX", (r) => {
      const mx = r.answers.find((a) => a.type === "MX");
      if (mx === undefined) return;
      resolver.resolve((mx.data as { exchange: string }).exchange, "A", (a) => {
        if (a.answers.length > 0) answered++;
      });
    });
    if (issued < PAIRS) kernel.schedule(INTERVAL, next);
  };
  kernel.at(0, next);
  const t = timed(() => kernel.run());
  return { seconds: t.seconds, answered, counters: { ...resolver.counters }, datagrams: transport.exchanges * 2, simTime: kernel.now };
}

/** The floor: the same draws against a Map cache with the same TTLs, on a counted clock. */
function mapFloor(cdf: Float64Array) {
  const draws = new RandomStreams(7).stream("bench/dns-resolve/zipf");
  const answers = new Map<string, string>();
  for (let i = 0; i < DOMAINS; i++) {
    answers.set(`dom${i}.com|MX`, `mx.dom${i}.com`);
    answers.set(`mx.dom${i}.com|A`, mxAddr(i));
  }
  const cache = new Map<string, { value: string; expires: number }>();
  let hits = 0;
  let answered = 0;
  const get = (key: string, now: number): string => {
    const e = cache.get(key);
    if (e !== undefined && e.expires > now) {
      hits++;
      return e.value;
    }
    const value = answers.get(key) as string;
    cache.set(key, { value, expires: now + TTL });
    return value;
  };
  const t = timed(() => {
    for (let k = 0; k < PAIRS; k++) {
      const now = k * INTERVAL;
      const exchange = get(`dom${drawRank(cdf, draws)}.com|MX`, now);
      if (get(`${exchange}|A`, now) !== undefined) answered++;
    }
  });
  return { seconds: t.seconds, hits, answered };
}

const dnsResolve: BenchCase = {
  name: "dns-resolve",
  description: "1,000,000 resolutions (MX then A, Zipf over 10,000 domains) through one caching resolver, real wire messages",
  run() {
    const mem = new PeakMemory();
    const cdf = zipfCdf(DOMAINS);
    const r = throughResolver(cdf);
    mem.sample();
    const f = mapFloor(cdf);
    mem.sample();
    const lookups = 2 * PAIRS;
    const us = (r.seconds * 1e6) / lookups;
    const floorUs = (f.seconds * 1e6) / lookups;
    return {
      value: us, unit: "µs/lookup", baseline: floorUs, baselineLabel: "same draws against a plain Map cache with the same TTLs, same run",
      ratio: floorUs / us, wallS: r.seconds, peakMB: mem.mb,
      target: "≤ 10 s wall for 1,000,000 lookups", met: r.seconds <= 10 && r.answered === PAIRS,
      extra: {
        lookups: r.counters.lookups,
        queries: r.counters.queriesSent,
        datagrams: r.datagrams,
        hitRate: `${((100 * r.counters.cacheHits) / r.counters.lookups).toFixed(2)}% (Map floor ${((100 * f.hits) / lookups).toFixed(2)}%)`,
        answered: `${r.answered} of ${PAIRS} pairs`,
        simTime: `${(r.simTime / 3600).toFixed(2)} h`,
        floorS: f.seconds.toFixed(3),
      },
    };
  },
};
export default dnsResolve;
