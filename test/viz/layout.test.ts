import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSimulation, loadScenario } from "../../sim/index";
import { layout, pathBetween } from "../../viz/model/layout";
import { roleHints } from "../../viz/model/role-hints";
import { ROLES, roleOf, styleOf } from "../../viz/model/roles";
import type { Topology } from "../../viz/protocol";

const sc = loadScenario(readFileSync(new URL("../../scenarios/default.yaml", import.meta.url), "utf8"), "default.yaml");
const sim = buildSimulation(sc);
const topo: Topology = {
  hosts: sim.net.hosts.map((h) => ({ name: h.name, role: h.role, region: sc.hosts[h.name]?.region ?? "", addrs: [...h.addrs], synthetic: !(h.name in sc.hosts), mta: sim.mtas.has(h.name) })),
  links: sim.net.links.map((l) => ({ name: l.name, a: l.a, b: l.b, bandwidth: l.bandwidth, latency: l.latency })),
};

describe("map layout of the default scenario", () => {
  const lay = layout(topo);
  const x = (h: string): number => lay.hosts.get(h)?.x ?? NaN;
  it("puts the outside left of the Internet, the firewall on the boundary, the inside to the right by hops", () => {
    expect(x("isp")).toBeLessThan(x("internet"));
    expect(x("a.root-servers.net")).toBeLessThan(x("isp"));
    expect(lay.boundary).toBe(x("firewall"));
    expect(x("gateway")).toBeGreaterThan(x("firewall"));
    expect(x("mailbox")).toBeGreaterThan(x("lan"));
    for (const p of lay.hosts.values()) { expect(p.x).toBeGreaterThan(0); expect(p.x).toBeLessThan(1); expect(p.y).toBeGreaterThan(0); expect(p.y).toBeLessThan(1); }
  });
  it("gives every host a distinct position and is deterministic", () => {
    const pos = [...lay.hosts.values()].map((p) => `${p.x},${p.y}`);
    expect(new Set(pos).size).toBe(pos.length);
    expect([...layout(topo).hosts.values()]).toEqual([...lay.hosts.values()]);
  });
  it("draws routes over the links", () => {
    expect(pathBetween(topo, "isp", "mailbox")).toEqual(["isp", "internet", "firewall", "lan", "mailbox"]);
    expect(pathBetween(topo, "gateway", "gateway")).toEqual(["gateway"]);
  });
});

describe("roles", () => {
  const hints = roleHints(topo, sc.zones ?? {}, Object.entries(sc.hosts).flatMap(([host, h]) => (h.mta ? [{ host, hostname: h.mta.hostname, fallbackMx: h.mta.fallbackMx }] : [])));
  const role = (h: string): string => roleOf(topo.hosts.find((x) => x.name === h) as Topology["hosts"][number], hints);
  it("tells the gateway, the 2nd MX and the FallbackMX host apart from the configuration", () => {
    expect(role("gateway")).toBe("gateway");
    expect(role("mail2")).toBe("2nd-mx");
    expect(role("fallback")).toBe("fallback");
    expect(role("isp")).toBe("mta");
    expect(role("mailbox")).toBe("mailbox");
    expect(role("a.root-servers.net")).toBe("root");
  });
  it("never gives two roles the same shape and colour (colour-blind safe: shape differs where colour repeats)", () => {
    const pairs = Object.values(ROLES).map((r) => `${r.shape}/${r.colour}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    const mail = ["mta", "gateway", "2nd-mx", "fallback", "mailbox"].map((r) => ROLES[r].shape);
    expect(new Set(mail).size).toBe(mail.length);
    expect(styleOf("nonsense")).toBe(ROLES.host);
  });
});
