/**
 * The network section: hosts on the network with their addresses and firewalls,
 * the links and static routes between them, the `transfers` workload, and the
 * faults that take a host or link down, bring it back, or change a link's
 * bandwidth (the network's own switches: flows break, connects time out,
 * datagrams are lost, routes move).
 */
import { AddressError, parseCidr } from "../net";
import { startTransfers } from "../traffic/transfers";
import { sample } from "./distributions";
import type { Path, Problem } from "./errors";
import { AT_ONCE_LIMIT } from "./limits";
import { linkName, type Simulation } from "./model";
import { netFormat } from "./net-schema";
import type { Positions } from "./positions";
import type { FaultSpec, ScenarioSpec, TrafficSpec } from "./schema";
import type { Section } from "./section";

/** A fault of the network's (the others name a DNS server, a DNSBL, an MTA or a spool). */
function netFault(f: FaultSpec): boolean {
  return f.dns === undefined && f.rbl === undefined && f.mta === undefined && f.spool === undefined;
}

/** References between sections: hosts of links, routes and transfers; targets of network faults. */
export function checkReferences(s: ScenarioSpec, pos: Positions, linkIndex?: readonly number[]): Problem[] {
  const problems: Problem[] = [];
  const li = (i: number): number => linkIndex?.[i] ?? i;
  const hostNames = Object.keys(s.hosts);
  const hosts = new Set(hostNames);
  const links = new Set(s.links.map(linkName));
  const err = (path: Path, message: string, expected?: string): void => {
    problems.push({ path, message, expected, ...pos.of(path), severity: "error" });
  };
  const hostList = (): string => (hostNames.length > 8 ? `a host defined under hosts` : `one of the hosts: ${hostNames.join(", ")}`);
  const needHost = (path: Path, name: string): void => {
    if (!hosts.has(name)) err(path, `unknown host "${name}"`, hostList());
  };
  s.links.forEach((l, i) => {
    l.between.forEach((h, j) => needHost(["links", li(i), "between", j], h));
    if (l.between[0] === l.between[1]) err(["links", li(i), "between"], "a link must join two different hosts");
  });
  const seenLinks = new Set<string>();
  s.links.forEach((l, i) => {
    const n = linkName(l);
    if (seenLinks.has(n)) err(["links", li(i)], `duplicate link "${n}"`, "each link once (give parallel links a name)");
    seenLinks.add(n);
  });
  // An address names one interface of one host (net/topology.ts refuses a second owner).
  // This pass also runs on a document the schema refused (load.ts referencesOfRaw): read defensively.
  const owner = new Map<string, string>();
  for (const [name, h] of Object.entries(s.hosts)) {
    if (h === null || typeof h !== "object") continue;
    const addrs: [string, Path][] = [
      ...(typeof h.addr === "string" ? [[h.addr, ["hosts", name, "addr"]] as [string, Path]] : []),
      ...(Array.isArray(h.addrs) ? h.addrs : []).map((a, j): [unknown, Path] => [a, ["hosts", name, "addrs", j]]).filter((x): x is [string, Path] => typeof x[0] === "string"),
    ];
    for (const [a, path] of addrs) {
      const other = owner.get(a);
      if (other !== undefined) err(path, `address ${a} is already ${other === name ? "listed for this host" : `the address of ${other}`}`, "each address on one host, once");
      else owner.set(a, name);
    }
  }
  // Firewall prefixes: the schema checks their shape, parseCidr their octets and lengths (firewall.ts reads them so).
  for (const [name, h] of Object.entries(s.hosts)) {
    if (h === null || typeof h !== "object" || !Array.isArray(h.firewall)) continue;
    h.firewall.forEach((r, j) => {
      for (const k of ["src", "dst"] as const) {
        const v = r?.[k];
        if (typeof v !== "string" || v === "any") continue;
        try {
          parseCidr(v);
        } catch (e) {
          if (!(e instanceof AddressError)) throw e;
          err(["hosts", name, "firewall", j, k], `not a CIDR prefix: ${JSON.stringify(v)}`, "an address, a prefix like 10.0.0.0/8, or any");
        }
      }
    });
  }
  const linked = new Set(s.links.flatMap((l) => [`${l.between[0]}\n${l.between[1]}`, `${l.between[1]}\n${l.between[0]}`]));
  (s.routes ?? []).forEach((r, i) => {
    needHost(["routes", i, "from"], r.from);
    needHost(["routes", i, "to"], r.to);
    r.via.forEach((h, j) => needHost(["routes", i, "via", j], h));
    if (r.via[0] !== r.from || r.via[r.via.length - 1] !== r.to)
      err(["routes", i, "via"], "the path must start at `from` and end at `to`");
    // A route is a path: every hop over a link, no host twice (routing.ts setStatic).
    const seen = new Set<string>();
    r.via.forEach((h, j) => {
      if (seen.has(h)) err(["routes", i, "via", j], `the path visits ${h} twice`, "a path that visits each host once");
      seen.add(h);
      if (j > 0 && hosts.has(h) && hosts.has(r.via[j - 1]) && !linked.has(`${r.via[j - 1]}\n${h}`))
        err(["routes", i, "via", j], `no link between ${r.via[j - 1]} and ${h}`, "consecutive hosts joined by a link");
    });
  });
  s.traffic.forEach((t, i) => {
    if (t.kind !== "transfers") return; // other kinds are checked by the sections that define them
    needHost(["traffic", i, "from"], t.from);
    needHost(["traffic", i, "to"], t.to);
    if (t.rate === undefined && t.count === undefined)
      err(["traffic", i], "neither count nor rate given", "count (all at start), rate (Poisson), or both");
    if (t.rate === undefined && t.count !== undefined && t.count > AT_ONCE_LIMIT)
      err(["traffic", i, "count"], `${t.count} transfers all at once`, `at most ${AT_ONCE_LIMIT.toLocaleString("en")} without a rate; give a rate to spread them`);
  });
  const target = (path: Path, name: string): void => {
    if (!hosts.has(name) && !links.has(name))
      err(path, `unknown host or link "${name}"`, `a host name or a link name (${[...links].slice(0, 4).join(", ")}${links.size > 4 ? ", ..." : ""})`);
  };
  s.faults.forEach((f, i) => {
    if (!netFault(f)) return; // other kinds are checked by the sections that define them
    const kinds = [f.down !== undefined, f.up !== undefined, f.bandwidth !== undefined].filter(Boolean).length;
    if (kinds !== 1) err(["faults", i], "a fault does exactly one thing", "one of down, up, or link + bandwidth");
    if (f.down !== undefined) target(["faults", i, "down"], f.down);
    if (f.up !== undefined) target(["faults", i, "up"], f.up);
    if (f.for !== undefined && f.down === undefined) err(["faults", i, "for"], "`for` only goes with `down`");
    if (f.bandwidth !== undefined) {
      if (f.link === undefined) err(["faults", i], "bandwidth change without a link", "link: <link name>");
      else if (!links.has(f.link)) err(["faults", i, "link"], `unknown link "${f.link}"`, `one of the links: ${[...links].join(", ")}`);
    }
  });
  return problems;
}

/**
 * The run's own length: the runner keeps one time-series row per sampling interval, so
 * the number of rows is what a run holds in memory even when no event fires; a
 * million rows is four years of minutes.
 */
export const MAX_SAMPLES = 1_000_000;
/** At most ~317 years of simulated time: beyond it a double's resolution passes a microsecond. */
export const MAX_DURATION = 1e10;

function checkClock(s: ScenarioSpec, pos: Positions): Problem[] {
  const problems: Problem[] = [];
  const err = (path: Path, message: string, expected: string): void => void problems.push({ path, message, expected, ...pos.of(path), severity: "error" });
  if (!(s.duration > 0 && s.duration <= MAX_DURATION)) err(["duration"], `${s.duration} s`, `more than 0 and at most ${MAX_DURATION} s`);
  else if (s.sampleEvery !== undefined && !(s.sampleEvery > 0 && s.duration / s.sampleEvery <= MAX_SAMPLES))
    err(["sampleEvery"], `${s.sampleEvery} s gives ${s.sampleEvery > 0 ? Math.ceil(s.duration / s.sampleEvery) : "endless"} samples`, `an interval of at least duration / ${MAX_SAMPLES.toLocaleString("en")}`);
  return problems;
}

function deployNet(sim: Simulation): void {
  const { scenario, net } = sim;
  for (const [name, h] of Object.entries(scenario.hosts)) {
    const addrs = [...(h.addr ? [h.addr] : []), ...(h.addrs ?? [])];
    net.addHost(name, { addrs, role: h.role, firewall: h.firewall });
  }
  scenario.links.forEach((l, i) => {
    net.addLink(l.between[0], l.between[1], { bandwidth: l.bandwidth, latency: l.latency, name: scenario.linkNames[i] });
  });
  for (const r of scenario.routes ?? []) net.setStaticRoute(r.from, r.to, r.via);
}

function startScenarioTransfers(sim: Simulation, spec: TrafficSpec, i: number): void {
  const t = spec as Extract<TrafficSpec, { kind: "transfers" }>;
  const base = `traffic/${i}/${t.kind}`;
  startTransfers(
    `t${i}`,
    { from: t.from, to: t.to, count: t.count ?? Infinity, rate: t.rate, start: t.start ?? 0, size: (s) => sample(t.size, s) },
    { kernel: sim.kernel, net: sim.net, ledger: sim.ledger, arrivals: sim.rng.stream(`${base}/arrivals`), sizes: sim.rng.stream(`${base}/sizes`) },
    (r) => sim.onTransfer.forEach((f) => f(r)),
  );
}

export const netSection: Section = {
  name: "net",
  format: netFormat,
  check: (s, pos) => [...checkClock(s, pos), ...checkReferences(s, pos)],
  deploy: deployNet,
  workloads: (sim) => ({ transfers: (t, i) => startScenarioTransfers(sim, t, i) }),
  faults: [
    {
      name: "net",
      owns: netFault,
      target: (f) => f.down ?? f.up ?? f.link ?? "",
      plan(sim, f) {
        const { net } = sim;
        const links = new Set(sim.scenario.linkNames);
        const setUp = (target: string, up: boolean): void => (links.has(target) ? net.setLinkUp(target, up) : net.setHostUp(target, up));
        if (f.down !== undefined) {
          const target = f.down;
          return { apply: () => setUp(target, false), undo: () => setUp(target, true) };
        }
        if (f.up !== undefined) {
          const target = f.up;
          return { apply: () => setUp(target, true) };
        }
        if (f.link !== undefined && f.bandwidth !== undefined) {
          const link = f.link, bps = f.bandwidth;
          return { apply: () => net.setBandwidth(link, bps) };
        }
        return undefined;
      },
    },
  ],
};
