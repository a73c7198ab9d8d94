import { readFileSync } from "node:fs";
import { problems } from "../helpers/problems";
import { describe, expect, it } from "vitest";
import { buildSimulation, loadScenario, runSimulation, type Simulation } from "../../sim";
import type { TraceOf } from "../../sim/engine";
import type { StubResult } from "../../sim/dns";

const referral = (): string => readFileSync(new URL("../../scenarios/dns-referral.yaml", import.meta.url), "utf8");


/** 1-based line and column of the first occurrence of `needle` in `text` (the independent expectation). */
function where(text: string, needle: string): string {
  const i = text.indexOf(needle);
  const before = text.slice(0, i).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

function lookup(sim: Simulation, host: string, name: string, type: "MX" | "A", at: number): () => StubResult | undefined {
  let r: StubResult | undefined;
  sim.kernel.at(at, () => sim.dns.stub(host)?.lookup(name, type, (x) => (r = x)));
  return () => r;
}

describe("DNS in scenarios", () => {
  it("dns-referral: the cold MX walks root -> jp -> gr.jp -> example.gr.jp; later lookups hit the cache", () => {
    const sim = buildSimulation(loadScenario(referral(), "dns-referral.yaml"));
    const replies: TraceOf<"dns.reply">[] = [];
    const lookups: { name: string; elapsed: number; queries: number }[] = [];
    sim.bus.subscribe((e) => {
      if (e.type === "dns.reply" && (e as TraceOf<"dns.reply">).role === "resolver") replies.push(e as TraceOf<"dns.reply">);
    });
    sim.dns.onLookup.push((_h, r) => lookups.push(r));
    const sizes: number[] = [];
    sim.dns.transport.onDatagram.push((d) => sizes.push(d.bytes.length));
    runSimulation(sim);
    expect(replies.slice(0, 4).map((r) => [r.from, r.kind, r.delegation])).toEqual([
      ["a.root-servers.net", "referral", "jp"],
      ["a.dns.jp", "referral", "gr.jp"],
      ["a.dns.gr.jp", "referral", "example.gr.jp"],
      ["ns1.example.gr.jp", "answer", ""],
    ]);
    const resolver = sim.dns.resolvers.get("named");
    // 4 queries for the cold MX, 1 for www (a CNAME, not in the additional section); the
    // exchangers' A records came in the MX reply's additional section (S4), the second MX is cached.
    expect(resolver?.counters).toMatchObject({ lookups: 5, queriesSent: 5, cacheHits: 3, timeouts: 0, servfails: 0 });
    expect(sim.dns.stub("client")?.queriesSent).toBe(5);
    expect(lookups.map((l) => l.name)).toEqual(["example.gr.jp", "mail-g1.example.gr.jp", "mail-g2.example.gr.jp", "www.example.gr.jp", "example.gr.jp"]);
    // The cold MX: stub <-> named (0.2 ms each way) and four exchanges beyond the 1.5 Mbps line:
    // three to synthesised servers (20 + 10 ms each way) and one to ns1 (20 + 15 ms), plus every
    // datagram's bytes at the bottleneck of its route.
    const [q0, ...rest] = sizes.slice(0, 10);
    const r0 = sizes[9];
    const beyond = rest.slice(0, 8).reduce((t, b) => t + (b * 8) / 1.5e6, 0);
    const expected = 2 * 0.0002 + 3 * 2 * 0.03 + 2 * 0.035 + beyond + ((q0 + r0) * 8) / 100e6;
    expect(lookups[0].elapsed).toBeCloseTo(expected, 9);
  });

  it("a zone error is reported at its line and column inside the YAML file", () => {
    const text = `name: t
duration: 1h
zones:
  example.gr.jp: |
    @     IN MX 10 mail
    mail  IN A  202.250.31.999
hosts:
  ns1: { role: dns, addr: 202.250.31.148, zones: [example.gr.jp] }
`;
    const p = problems(text);
    expect(p).toHaveLength(1);
    expect(p[0].startsWith(`s.yaml:${where(text, "202.250.31.999")}: zones.example.gr.jp: `)).toBe(true);
    const quoted = `name: t\nduration: 1h\nzones:\n  example.jp: "@ IN MX ten mail"\nhosts:\n  ns1: { role: dns, addr: 192.0.2.53, zones: [example.jp] }\n`;
    expect(problems(quoted)[0].startsWith(`s.yaml:${where(quoted, "ten")}: zones.example.jp: `)).toBe(true);
  });

  it("reports DNS references that lead nowhere", () => {
    const text = `name: t
duration: 1h
zones:
  example.jp: "@ IN A 192.0.2.80"
hosts:
  ns1: { role: dns, addr: 192.0.2.53, zones: [example.jp, exmaple.jp] }
  pc:  { addr: 192.0.2.9, resolv: "nameserver 192.0.2.99" }
  rbl: { role: rbl, addr: 192.0.2.54 }
faults:
  - { at: 1m, dns: pc, mode: down }
  - { at: 1m, rbl: rbl, mode: list-everything }
`;
    const p = problems(text);
    expect(p).toContain(`s.yaml:${where(text, "exmaple.jp")}: hosts.ns1.zones[1]: unknown zone "exmaple.jp" (expected one of the zones: example.jp)`);
    expect(p.some((l) => l.includes("hosts.pc.resolv: nameserver 192.0.2.99 is no host's address"))).toBe(true);
    expect(p.some((l) => l.includes("hosts.rbl: an rbl host without a list"))).toBe(true);
    expect(p.some((l) => l.includes('faults[0].dns: "pc" is not a DNS server (expected one of: ns1)'))).toBe(true);
    expect(p.some((l) => l.includes('faults[1].rbl: "rbl" publishes no DNSBL'))).toBe(true);
    expect(p.some((l) => l.includes('faults[1].mode: not a mode: "list-everything"'))).toBe(true);
  });

  const site = (extra = ""): string => `name: t
duration: 1h
zones:
  example.gr.jp: |
    @ IN MX 10 gateway
    gateway IN A 202.250.31.150
  example.gr.jp@inside: |
    @ IN MX 10 mailhub
    mailhub IN A 10.0.0.25
hosts:
  internet: { role: internet, addr: 192.0.2.1 }
  ns-out:   { role: dns, addr: 202.250.31.148, zones: [example.gr.jp] }
  ns-in:    { role: dns, addr: 10.0.0.54, zones: ["example.gr.jp@inside"], minimalResponses: true }
  named:    { role: resolver, addr: 192.0.2.53 }
  outside:  { addr: 192.0.2.9 }
  inside:   { addr: 10.0.0.9, resolv: "nameserver 10.0.0.54" }
  rbl:      { role: rbl, addr: 198.51.100.53, dnsbl: { zone: rbl.example.net, listed: [{ addr: 192.0.2.99, reason: spam }] } }
links:
  - { between: [internet, ns-out], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, named], bandwidth: 10Mbps, latency: 10ms }
  - { between: [internet, outside], bandwidth: 10Mbps, latency: 1ms }
  - { between: [internet, ns-in], bandwidth: 10Mbps, latency: 10ms }
  - { between: [ns-in, inside], bandwidth: 10Mbps, latency: 1ms }
  - { between: [internet, rbl], bandwidth: 10Mbps, latency: 10ms }
${extra}`;

  it("split DNS (S19): inside hosts see the inside version, the rest of the world the public one", () => {
    const sim = buildSimulation(loadScenario(site(), "s.yaml"));
    const out = lookup(sim, "outside", "example.gr.jp", "MX", 1);
    const inn = lookup(sim, "inside", "example.gr.jp", "MX", 1);
    sim.kernel.run({ until: 60 });
    expect(out()?.answers.map((a) => a.data)).toEqual([{ preference: 10, exchange: "gateway.example.gr.jp" }]);
    expect(inn()?.answers.map((a) => a.data)).toEqual([{ preference: 10, exchange: "mailhub.example.gr.jp" }]);
    // The inside server is not in the public tree: nobody delegates to it.
    expect(sim.dns.servers.get("ns-in")?.queries).toBe(1);
    expect(sim.dns.servers.get("ns-out")?.queries).toBe(1);
  });

  it("the inspector finds each answer's bytes by its msg number; minimal-responses empties the additional section", () => {
    const sim = buildSimulation(loadScenario(site(), "s.yaml"));
    sim.dns.messages.keep();
    const answers: TraceOf<"dns.answer">[] = [];
    sim.bus.subscribe((e) => {
      if (e.type === "dns.answer") answers.push(e as TraceOf<"dns.answer">);
    });
    lookup(sim, "outside", "example.gr.jp", "MX", 1);
    lookup(sim, "inside", "example.gr.jp", "MX", 1);
    sim.kernel.run({ until: 60 });
    const byServer = (s: string) => sim.dns.messages.inspect(answers.find((a) => a.server === s)!.msg)!.response!;
    expect(byServer("ns-out").answer).toEqual(["example.gr.jp. 3600 IN MX 10 gateway.example.gr.jp."]);
    expect(byServer("ns-out").additional).toEqual(["gateway.example.gr.jp. 3600 IN A 202.250.31.150"]);
    expect(byServer("ns-out").flags).toContain("aa");
    expect(byServer("ns-in").answer).toEqual(["example.gr.jp. 3600 IN MX 10 mailhub.example.gr.jp."]);
    expect(byServer("ns-in").additional).toEqual([]);
    expect(byServer("a.root-servers.net").authority).toEqual(["jp. 172800 IN NS a.dns.jp.", "jp. 172800 IN NS b.dns.jp."]);
  });

  it("a host without resolv.conf asks the first resolver; root and TLD servers are hosts on the network", () => {
    const sim = buildSimulation(loadScenario(site(), "s.yaml"));
    expect(sim.dns.stub("outside")?.conf.nameservers).toEqual(["192.0.2.53"]);
    expect(sim.dns.stub("inside")?.conf.nameservers).toEqual(["10.0.0.54"]);
    const synthetic = sim.net.hosts.filter((h) => h.name.endsWith("root-servers.net") || h.name.includes(".dns."));
    expect(synthetic.map((h) => h.name).sort()).toEqual(
      ["a.dns.example.net", "a.dns.gr.jp", "a.dns.jp", "a.dns.net", "a.root-servers.net", "b.dns.example.net", "b.dns.gr.jp", "b.dns.jp", "b.dns.net", "b.root-servers.net"],
    );
    expect(sim.net.links.filter((l) => l.b === "internet" && l.a.endsWith("root-servers.net"))).toHaveLength(2);
  });

  it("DNS faults: all NS down gives SERVFAIL, a slow server adds its delay, a DNSBL lists the world", () => {
    const down = buildSimulation(loadScenario(site("faults:\n  - { at: 0s, dns: ns-out, mode: down }\n"), "s.yaml"));
    const r1 = lookup(down, "outside", "example.gr.jp", "MX", 1);
    runSimulation(down, { until: 120 });
    expect(r1()?.rcode).toBe("SERVFAIL");
    expect(down.dns.resolvers.get("named")?.counters.timeouts).toBeGreaterThan(0);

    const base = buildSimulation(loadScenario(site(), "s.yaml"));
    const slow = buildSimulation(loadScenario(site("faults:\n  - { at: 0s, dns: ns-out, delay: 2s, for: 30s }\n"), "s.yaml"));
    const fast = lookup(base, "outside", "example.gr.jp", "MX", 1);
    const late = lookup(slow, "outside", "example.gr.jp", "MX", 1);
    base.kernel.run({ until: 60 });
    slow.kernel.run({ until: 60 });
    // The resolver gives a try 0.8 s, then 1.6 s, then 3.2 s (BIND-like doubling) and drops late
    // replies to tries it gave up: only the third try (sent at 0.8 + 1.6 s) is answered, 2 s later.
    expect(late()!.elapsed - fast()!.elapsed).toBeCloseTo(0.8 + 1.6 + 2, 9);
    expect(slow.dns.resolvers.get("named")?.counters.timeouts).toBe(2);
    expect(slow.dns.servers.get("ns-out")?.state.delay).toBe(0); // restored after `for`

    const world = buildSimulation(loadScenario(site("faults:\n  - { at: 10s, rbl: rbl, mode: list-the-world }\n"), "s.yaml"));
    const before = lookup(world, "outside", "9.0.2.192.rbl.example.net", "A", 1);
    const listed = lookup(world, "outside", "99.2.0.192.rbl.example.net", "A", 1);
    const cached = lookup(world, "outside", "9.0.2.192.rbl.example.net", "A", 20);
    const fresh = lookup(world, "outside", "7.0.2.192.rbl.example.net", "A", 20);
    world.kernel.run({ until: 60 });
    expect(before()?.rcode).toBe("NXDOMAIN");
    expect(listed()?.answers.map((a) => a.data)).toEqual(["127.0.0.2"]);
    // After the switch every address is "listed"; but "not listed" answers already cached stay
    // for the list's negative TTL (its SOA minimum, 900 s; RFC 2308).
    expect(fresh()?.answers.map((a) => a.data)).toEqual(["127.0.0.2"]);
    expect(cached()?.rcode).toBe("NXDOMAIN");
  });

  it("a scenario without DNS gets no DNS hosts", () => {
    const s = loadScenario(readFileSync(new URL("../../scenarios/line-saturation.yaml", import.meta.url), "utf8"), "line-saturation.yaml");
    const sim = buildSimulation(s);
    expect(sim.net.hosts.map((h) => h.name)).toEqual(Object.keys(s.hosts));
    expect(sim.dns.servers.size).toBe(0);
    expect(sim.dns.stub("sender")).toBeUndefined();
  });
});
