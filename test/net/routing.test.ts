import { describe, expect, it } from "vitest";
import { Kernel, TraceBus, type TraceEvent } from "../../sim/engine";
import { Network } from "../../sim/net";

/** a–b–c with 10 ms hops, a direct a–c of 30 ms, and a longer detour a–d–c (25 ms + 25 ms). */
function triangle(): { k: Kernel; net: Network; events: TraceEvent[] } {
  const k = new Kernel();
  const bus = new TraceBus();
  const events: TraceEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const net = new Network(k, bus);
  for (const h of ["a", "b", "c", "d"]) net.addHost(h);
  net.addLink("a", "b", { bandwidth: 1e6, latency: 0.01 });
  net.addLink("b", "c", { bandwidth: 1e6, latency: 0.01 });
  net.addLink("a", "c", { bandwidth: 1e6, latency: 0.03 });
  net.addLink("a", "d", { bandwidth: 1e6, latency: 0.025 });
  net.addLink("d", "c", { bandwidth: 1e6, latency: 0.025 });
  return { k, net, events };
}

const names = (net: Network, s: string, d: string): string[] | null => net.path(s, d)?.map((l) => l.name) ?? null;

describe("routing", () => {
  it("picks the lowest total latency, not the fewest hops", () => {
    const { net } = triangle();
    expect(names(net, "a", "c")).toEqual(["a--b", "b--c"]);
    expect(net.latency("a", "c")).toBeCloseTo(0.02, 15);
    expect(names(net, "c", "a")).toEqual(["b--c", "a--b"]);
    expect(net.latency("a", "a")).toBe(0);
  });

  it("reroutes when a link goes down and back when it comes up", () => {
    const { net } = triangle();
    net.setLinkUp("b--c", false);
    expect(names(net, "a", "c")).toEqual(["a--c"]);
    net.setLinkUp("a--c", false);
    expect(names(net, "a", "c")).toEqual(["a--d", "d--c"]);
    expect(net.latency("a", "c")).toBeCloseTo(0.05, 15);
    net.setLinkUp("a--d", false);
    expect(net.path("a", "c")).toBeNull();
    expect(net.latency("a", "c")).toBe(Infinity);
    net.setLinkUp("b--c", true);
    expect(names(net, "a", "c")).toEqual(["a--b", "b--c"]);
  });

  it("routes around a down host, which forwards nothing", () => {
    const { net } = triangle();
    net.setHostUp("b", false);
    expect(names(net, "a", "c")).toEqual(["a--c"]);
  });

  it("a static route wins over the dynamic one, in its direction only, and is strict", () => {
    const { net } = triangle();
    net.setStaticRoute("a", "c", ["d"]);
    expect(names(net, "a", "c")).toEqual(["a--d", "d--c"]);
    expect(names(net, "c", "a")).toEqual(["b--c", "a--b"]);
    net.setLinkUp("d--c", false);
    expect(net.path("a", "c")).toBeNull(); // no silent failover around the pinned hop
    expect(() => net.setStaticRoute("a", "c", ["x"])).toThrow(/no host named x/);
    expect(() => net.setStaticRoute("b", "d", [])).toThrow(/no link between b and d/);
  });

  it("a link going down fails the flows on it, at once, and spares the others", () => {
    const { k, net, events } = triangle();
    const out: Record<string, [number, unknown]> = {};
    net.transfer("a", "c", 1e6, (o) => (out.ac = [k.now, o])); // via a--b, b--c
    net.transfer("a", "d", 125_000, (o) => (out.ad = [k.now, o])); // 1 Mbit at 1 Mbps after 25 ms
    k.at(0.5, () => net.setLinkUp("b--c", false));
    k.at(0.6, () => net.transfer("a", "c", 1000, (o) => (out.ac2 = [k.now, o]))); // rerouted over a--c
    k.run();
    expect(out.ac).toEqual([0.5, { ok: false, reason: "link-down" }]);
    expect(out.ad[0]).toBeCloseTo(1.025, 12);
    expect(out.ad[1]).toEqual({ ok: true });
    expect(out.ac2[0]).toBeCloseTo(0.6 + 0.03 + 8000 / 1e6, 12);
    expect(events.some((e) => e.type === "link.down" && e.link === "b--c" && e.t === 0.5)).toBe(true);
    const end = events.find((e) => e.type === "flow.end" && e.flow === 1);
    expect(end).toMatchObject({ t: 0.5, ok: false, reason: "link-down" });
  });

  it("a host going down fails flows through it; transfers from a down or unreachable host fail", () => {
    const { k, net } = triangle();
    const out: Record<string, unknown> = {};
    net.transfer("a", "c", 1e6, (o) => (out.through = [k.now, o]));
    k.at(0.1, () => net.setHostUp("b", false));
    k.at(0.2, () => net.transfer("b", "a", 10, (o) => (out.fromDown = [k.now, o])));
    k.at(0.3, () => {
      for (const l of ["a--c", "a--d"]) net.setLinkUp(l, false);
      net.transfer("a", "c", 10, (o) => (out.unreachable = [k.now, o]));
    });
    k.run();
    expect(out.through).toEqual([0.1, { ok: false, reason: "host-down" }]);
    expect(out.fromDown).toEqual([0.2, { ok: false, reason: "host-down" }]);
    expect(out.unreachable).toEqual([0.3, { ok: false, reason: "unreachable" }]);
  });

  it("finds hosts by address", () => {
    const k = new Kernel();
    const net = new Network(k, new TraceBus());
    net.addHost("mx", { addrs: ["202.250.31.150", "10.0.0.1"] });
    net.addHost("ns");
    net.addLink("mx", "ns", { bandwidth: 1e6, latency: 0.001 });
    expect(net.hostByAddr("10.0.0.1")?.name).toBe("mx");
    expect(net.hostByAddr("10.0.0.2")).toBeUndefined();
    expect(net.hostByAddr("mx")).toBeUndefined();
    expect(net.latency("ns", "202.250.31.150")).toBe(0.001);
    expect(() => net.addHost("dup", { addrs: ["10.0.0.1"] })).toThrow(/already used by mx/);
  });
});
