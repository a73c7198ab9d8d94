/**
 * Checking a scenario's DNS parts (dns-schema.ts) once the schema has passed: every
 * zone text parses, every name the DNS sections mention exists, and faults and
 * workloads point at hosts that can take them. Like load.ts, it collects every
 * problem with its position instead of stopping at the first.
 *
 * A zone text is a YAML string, usually a block scalar (`example.gr.jp: |`), and
 * its own errors come with positions inside that text (line 3, column 12 of the
 * zone). {@link zoneTextPosition} turns them into positions in the YAML file, so
 * `mxsim validate` points at the offending character of the scenario.
 */
import { isScalar } from "yaml";
import { canonical, DNSBL_MODES, DNSBL_TEST_UNLISTED, nameProblem, parseResolvConf, parseZone, ZoneError, type DnsblMode } from "../dns";
import { SERVER_FAULT_MODES } from "./dns-schema";
import type { Path, Problem } from "./errors";
import type { Positions } from "./positions";
import type { ScenarioSpec } from "./schema";

/** `example.gr.jp@inside` -> origin `example.gr.jp`, view `inside`; `.` is the root. */
export function zoneKey(key: string): { origin: string; view: string | undefined } {
  const at = key.indexOf("@");
  const origin = canonical(at < 0 ? key : key.slice(0, at));
  return { origin, view: at < 0 ? undefined : key.slice(at + 1) };
}

/**
 * Where line `line`, column `col` of the zone text written at `path` is in the YAML
 * file. For a block scalar the zone's line n is the n-th line after the header, shifted
 * right by the block's indentation (found by comparing a source line's length with
 * the corresponding line of the value); for a quoted or plain scalar the zone's
 * first line starts just after the opening quote.
 */
export function zoneTextPosition(pos: Positions, path: Path, text: string, line: number, col: number): { line: number; col: number } {
  const node = pos.node(path);
  if (!isScalar(node) || node.range === undefined || node.range === null) return pos.of(path);
  const start = pos.linePos(node.range[0]);
  if (node.type === "BLOCK_LITERAL" || node.type === "BLOCK_FOLDED") {
    const starts = pos.lineStarts;
    const lines = text.split("\n");
    let indent = 0;
    for (let i = 0; i < lines.length; i++) {
      const src = start.line + i; // 0-based index of the source line holding zone line i + 1
      if (lines[i] !== "" && src + 1 < starts.length) {
        indent = starts[src + 1] - starts[src] - 1 - lines[i].length;
        break;
      }
    }
    return { line: start.line + line, col: Math.max(0, indent) + col };
  }
  if (line === 1) return { line: start.line, col: start.col + col - (node.type === "PLAIN" ? 1 : 0) };
  return start;
}

export function checkDnsSection(s: ScenarioSpec, pos: Positions): Problem[] {
  const problems: Problem[] = [];
  const add = (severity: "error" | "warning", path: Path, message: string, expected?: string, at?: { line: number; col: number }): void => {
    problems.push({ path, message, expected, ...(at ?? pos.of(path)), severity });
  };
  const err = (path: Path, message: string, expected?: string, at?: { line: number; col: number }): void => add("error", path, message, expected, at);
  const zones = s.zones ?? {};
  const hosts = Object.entries(s.hosts);
  const addrs = new Set(hosts.flatMap(([, h]) => [...(h.addr ? [h.addr] : []), ...(h.addrs ?? [])]));

  // Zone texts.
  for (const [key, text] of Object.entries(zones)) {
    const { origin, view } = zoneKey(key);
    const bad = nameProblem(origin) ?? (view === "" || (view !== undefined && !/^[A-Za-z0-9_-]+$/.test(view)) ? `view name "${view}"` : undefined);
    if (bad !== undefined) {
      err(["zones"], `zone "${key}": ${bad}`, "a zone origin like example.gr.jp, or origin@view", pos.of(["zones"], key));
      continue;
    }
    try {
      parseZone(text, { origin });
    } catch (e) {
      if (!(e instanceof ZoneError)) throw e;
      err(["zones", key], e.problem, undefined, zoneTextPosition(pos, ["zones", key], text, e.line, e.column));
    }
    if (!hosts.some(([, h]) => h.zones?.includes(key))) {
      err(["zones"], `zone "${key}" is served by no host`, `a host with zones: [${key}]`, pos.of(["zones"], key));
    }
  }

  // Hosts.
  const resolvers = hosts.filter(([, h]) => h.role === "resolver");
  const dnsblZones = new Map<string, string>();
  for (const [name, h] of hosts) {
    const at = (...p: (string | number)[]): Path => ["hosts", name, ...p];
    const origins = new Set<string>();
    h.zones?.forEach((key, j) => {
      if (!(key in zones)) err(at("zones", j), `unknown zone "${key}"`, Object.keys(zones).length > 0 ? `one of the zones: ${Object.keys(zones).join(", ")}` : "a zone defined under the top-level zones:");
      const o = zoneKey(key).origin;
      if (origins.has(o)) err(at("zones", j), `serves two versions of ${o === "" ? "." : o}`, "one version of a zone per server");
      origins.add(o);
    });
    const serves = (h.zones?.length ?? 0) > 0 || h.dnsbl !== undefined;
    if ((serves || h.role === "resolver") && h.addr === undefined) err(at(), "a DNS server needs an address", "addr: <IPv4 address>");
    if (h.role === "resolver" && serves) err(at("zones"), "a resolver does not serve zones here", "the zones on a host with role: dns");
    if (h.role === "rbl" && h.dnsbl === undefined) err(at(), "an rbl host without a list", "dnsbl: { zone: rbl.example.net, listed: [...] }");
    if (h.dnsbl !== undefined) {
      const z = canonical(h.dnsbl.zone);
      const bad = nameProblem(z);
      if (bad !== undefined) err(at("dnsbl", "zone"), bad, "a zone name like rbl.example.net");
      if (zoneKeys(zones).has(z)) err(at("dnsbl", "zone"), `${z} is also a zone under zones:`, "the list's own zone");
      if (dnsblZones.has(z)) err(at("dnsbl", "zone"), `${z} is already published by ${dnsblZones.get(z)}`, "one host per list");
      dnsblZones.set(z, name);
      h.dnsbl.listed.forEach((e, j) => {
        if (e.addr === DNSBL_TEST_UNLISTED) err(at("dnsbl", "listed", j, "addr"), "127.0.0.1 must never be listed (RFC 5782 §5)");
      });
    }
    if (h.resolv !== undefined) {
      const conf = parseResolvConf(h.resolv);
      if (conf.nameservers.length === 0) err(at("resolv"), "resolv.conf lists no nameserver", "a line nameserver <address>");
      for (const ns of conf.nameservers) if (!addrs.has(ns)) err(at("resolv"), `nameserver ${ns} is no host's address`, "the address of a resolver or DNS host");
    }
  }

  // Faults.
  s.faults.forEach((f, i) => {
    if (f.dns === undefined && f.rbl === undefined) {
      if (f.mode !== undefined || f.delay !== undefined) err(["faults", i], "mode or delay without dns: or rbl:", "dns: <server host> or rbl: <list host>");
      return;
    }
    const others = [f.down, f.up, f.bandwidth, f.link].some((x) => x !== undefined) || (f.dns !== undefined && f.rbl !== undefined);
    if (others) err(["faults", i], "a fault does exactly one thing", "one of down, up, link + bandwidth, dns, rbl");
    if (f.dns !== undefined) {
      const h = s.hosts[f.dns];
      const isServer = h !== undefined && (h.zones?.length ?? 0) > 0;
      const isResolver = h !== undefined && h.role === "resolver";
      if (!isServer && !isResolver) {
        const names = hosts.filter(([, x]) => (x.zones?.length ?? 0) > 0 || x.role === "resolver").map(([n]) => n);
        err(["faults", i, "dns"], `"${f.dns}" is not a DNS server`, names.length > 0 ? `one of: ${names.join(", ")}` : "a host with zones or role: resolver");
      }
      if ((f.mode === undefined) === (f.delay === undefined)) err(["faults", i], "a dns fault sets mode or delay", "mode: down|refused|nonauth|up, or delay: 2s");
      const modes: readonly string[] = isResolver ? ["down", "up"] : SERVER_FAULT_MODES;
      if (f.mode !== undefined && !modes.includes(f.mode)) err(["faults", i, "mode"], `not a mode: ${JSON.stringify(f.mode)}`, `one of ${modes.join(", ")}`);
      if (f.delay !== undefined && isResolver) err(["faults", i, "delay"], "a resolver cannot be slowed here", "delay on an authoritative server");
    } else if (f.rbl !== undefined) {
      if (s.hosts[f.rbl]?.dnsbl === undefined) err(["faults", i, "rbl"], `"${f.rbl}" publishes no DNSBL`, `one of: ${[...dnsblZones.values()].join(", ") || "(no rbl hosts)"}`);
      if (f.delay !== undefined) err(["faults", i, "delay"], "an rbl fault changes the list's mode", "dns: <host> with delay");
      if (f.mode === undefined || !DNSBL_MODES.includes(f.mode as DnsblMode)) err(["faults", i, "mode"], f.mode === undefined ? "missing" : `not a mode: ${JSON.stringify(f.mode)}`, `one of ${DNSBL_MODES.join(", ")}`);
    }
  });

  // Lookup workloads.
  s.traffic.forEach((t, i) => {
    if (t.kind !== "lookups") return;
    const h = s.hosts[t.from];
    if (h === undefined) err(["traffic", i, "from"], `unknown host "${t.from}"`, "a host defined under hosts");
    else if (h.addr === undefined) err(["traffic", i, "from"], `${t.from} has no address to send queries from`, "addr: <IPv4 address>");
    else if (h.resolv === undefined && resolvers.length === 0) err(["traffic", i, "from"], `${t.from} has no resolver to ask`, "resolv: on the host, or a host with role: resolver");
    t.names.forEach((n, j) => {
      const bad = nameProblem(canonical(n));
      if (bad !== undefined) err(["traffic", i, "names", j], bad, "a domain name");
    });
  });
  return problems;
}

function zoneKeys(zones: Record<string, string>): Set<string> {
  return new Set(Object.keys(zones).map((k) => zoneKey(k).origin));
}
