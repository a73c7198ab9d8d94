import { describe, expect, it } from "vitest";
import { Kernel, TraceBus, type TraceEvent } from "../../sim/engine";
import { Network, type ConnectOutcome, type FirewallRule } from "../../sim/net";

/** client (192.0.2.10) —10 ms— fw —5 ms— server (198.51.100.25), server listening on 25. */
function site(rules: FirewallRule[] = []): { k: Kernel; net: Network; events: TraceEvent[] } {
  const k = new Kernel();
  const bus = new TraceBus();
  const events: TraceEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const net = new Network(k, bus);
  net.addHost("client", { addrs: ["192.0.2.10"] });
  net.addHost("fw", { addrs: ["198.51.100.1"], firewall: rules });
  net.addHost("server", { addrs: ["198.51.100.25"] });
  net.addLink("client", "fw", { bandwidth: 10e6, latency: 0.01 });
  net.addLink("fw", "server", { bandwidth: 10e6, latency: 0.005 });
  net.listen("server", 25);
  return { k, net, events };
}

function connectAt(k: Kernel, net: Network, dst: string, port: number, timeout?: number): [number, ConnectOutcome][] {
  const out: [number, ConnectOutcome][] = [];
  net.connect("client", dst, port, (o) => out.push([k.now, o]), timeout);
  k.run();
  return out;
}

describe("TCP connect", () => {
  it("succeeds after one round trip to a listening port", () => {
    const { k, net, events } = site();
    const out = connectAt(k, net, "server", 25);
    expect(out).toHaveLength(1);
    expect(out[0][0]).toBeCloseTo(0.03, 15);
    expect(out[0][1].ok).toBe(true);
    expect((out[0][1] as { rtt: number }).rtt).toBeCloseTo(0.03, 15);
    expect(events.filter((e) => e.type === "tcp.connect")).toMatchObject([{ src: "client", dst: "server", port: 25, outcome: "ok" }]);
  });

  it("a closed port is refused after one round trip, not timed out", () => {
    const { k, net } = site();
    const out = connectAt(k, net, "server", 26);
    expect(out[0][1]).toEqual({ ok: false, reason: "refused" });
    expect(out[0][0]).toBeCloseTo(0.03, 15);
  });

  it("unlisten closes the port again", () => {
    const { k, net } = site();
    net.unlisten("server", 25);
    expect(connectAt(k, net, "server", 25)[0][1]).toEqual({ ok: false, reason: "refused" });
  });

  it("a down destination times out after 75 s by default, or the given timeout", () => {
    const a = site();
    a.net.setHostUp("server", false);
    expect(connectAt(a.k, a.net, "server", 25)).toEqual([[75, { ok: false, reason: "timeout" }]]);
    const b = site();
    b.net.setHostUp("server", false);
    expect(connectAt(b.k, b.net, "server", 25, 10)).toEqual([[10, { ok: false, reason: "timeout" }]]);
  });

  it("a timeout shorter than the round trip wins over the answer", () => {
    const { k, net } = site();
    expect(connectAt(k, net, "server", 25, 0.02)).toEqual([[0.02, { ok: false, reason: "timeout" }]]);
  });

  it("no route is unreachable at once; a down source is host-down at once", () => {
    const a = site();
    a.net.setLinkUp("fw--server", false);
    expect(connectAt(a.k, a.net, "server", 25)).toEqual([[0, { ok: false, reason: "unreachable" }]]);
    const b = site();
    b.net.setHostUp("client", false);
    expect(connectAt(b.k, b.net, "server", 25)).toEqual([[0, { ok: false, reason: "host-down" }]]);
  });

  it("can address the destination by IP", () => {
    const { k, net } = site();
    expect(connectAt(k, net, "198.51.100.25", 25)[0][1].ok).toBe(true);
  });
});

describe("firewall", () => {
  const smtpFromDoc: FirewallRule = { action: "allow", proto: "tcp", src: "192.0.2.0/24", dport: 25 };

  it("deny-drop makes a connect time out; deny-reject answers from the firewall", () => {
    const drop = site([{ action: "deny-drop", proto: "tcp", dport: 25 }]);
    expect(connectAt(drop.k, drop.net, "server", 25)).toEqual([[75, { ok: false, reason: "timeout" }]]);
    const rej = site([{ action: "deny-reject", proto: "tcp", dport: 25 }]);
    const out = connectAt(rej.k, rej.net, "server", 25);
    expect(out[0][1]).toEqual({ ok: false, reason: "filtered" });
    expect(out[0][0]).toBeCloseTo(0.02, 15); // round trip to the firewall only (2 × 10 ms)
  });

  it("first match wins; CIDR, protocol and port all have to match; default allow", () => {
    const rules: FirewallRule[] = [
      smtpFromDoc,
      { action: "deny-reject", proto: "tcp", dst: "198.51.100.0/24" },
      { action: "deny-drop", proto: "udp", dport: 53 },
    ];
    const { k, net, events } = site(rules);
    net.listen("server", 80);
    const out: Record<string, unknown> = {};
    net.connect("client", "server", 25, (o) => (out.smtp = o.ok)); // rule 0
    net.connect("client", "server", 80, (o) => (out.http = o.ok ? "ok" : o.reason)); // rule 1
    net.connect("server", "client", 25, (o) => (out.back = o.ok ? "ok" : o.reason)); // src/dst mismatch: default
    k.run();
    expect(out).toEqual({ smtp: true, http: "filtered", back: "refused" });
    const verdicts = events.filter((e) => e.type === "fw.verdict");
    expect(verdicts.map((v) => v.type === "fw.verdict" && [v.dport, v.action, v.rule])).toEqual([
      [25, "allow", 0],
      [80, "deny-reject", 1],
      [25, "allow", -1],
    ]);
    expect(verdicts[0]).toMatchObject({ firewall: "fw", host: "fw", src: "client", dst: "server", proto: "tcp" });
  });

  it("filters datagrams: a denied datagram is lost and says so", () => {
    const { k, net, events } = site([{ action: "deny-drop", proto: "udp", dport: 53 }]);
    const out: string[] = [];
    net.sendDatagram("client", "server", 100, 53, () => out.push("arrived"), () => out.push(`lost@${k.now}`));
    net.sendDatagram("client", "server", 100, 123, () => out.push(`ntp@${k.now}`));
    k.run();
    expect(out[0]).toBe("lost@0");
    expect(out[1]).toBe(`ntp@${0.015 + 800 / 10e6}`);
    expect(events.some((e) => e.type === "datagram.lost" && e.src === "client")).toBe(true);
  });

  it("rejects malformed rules when the host is made", () => {
    const net = new Network(new Kernel(), new TraceBus());
    expect(() => net.addHost("x", { firewall: [{ action: "deny-drop", src: "10.0.0.0/33" }] })).toThrow(/rule 0/);
    expect(() => net.addHost("y", { firewall: [{ action: "allow", dport: 70000 }] })).toThrow(/dport/);
  });
});

describe("datagrams", () => {
  function line(): { k: Kernel; net: Network } {
    const k = new Kernel();
    const net = new Network(k, new TraceBus());
    for (const h of ["a", "b", "c"]) net.addHost(h);
    net.addLink("a", "b", { bandwidth: 2e6, latency: 0.001 });
    net.addLink("b", "c", { bandwidth: 10e6, latency: 0.005 });
    return { k, net };
  }

  it("take latency plus bytes at the share a new flow would get", () => {
    const { k, net } = line();
    const got: Record<string, number> = {};
    // Idle: full 10 Mbps.
    net.sendDatagram("b", "c", 512, 53, () => (got.idle = k.now));
    // A long flow b->c alone takes 10 Mbps; a datagram then gets half: 5 Mbps.
    k.at(1, () => net.transfer("b", "c", 10e6, () => undefined));
    k.at(2, () => net.sendDatagram("b", "c", 512, 53, () => (got.shared = k.now - 2)));
    // A flow a->c is held to 2 Mbps by a--b; on b--c the b->c flow gets 8, a datagram gets
    // the water level m with min(2, m) + min(8, m) + m = 10: m = 4 Mbps.
    k.at(3, () => net.transfer("a", "c", 10e6, () => undefined));
    k.at(4, () => net.sendDatagram("b", "c", 512, 53, () => (got.mixed = k.now - 4)));
    k.run({ until: 5 });
    expect(got.idle).toBeCloseTo(0.005 + 4096 / 10e6, 15);
    expect(got.shared).toBeCloseTo(0.005 + 4096 / 5e6, 12);
    expect(got.mixed).toBeCloseTo(0.005 + 4096 / 4e6, 12);
    expect(net.linkStats("b--c").bytes).toBeGreaterThan(0);
  });

  it("are lost when the path is down, or goes down while they fly", () => {
    const { k, net } = line();
    const out: string[] = [];
    net.setLinkUp("b--c", false);
    net.sendDatagram("a", "c", 100, 53, () => out.push("x"), () => out.push(`lost@${k.now}`));
    k.run();
    net.setLinkUp("b--c", true);
    net.sendDatagram("a", "c", 100, 53, () => out.push("x"), () => out.push(`lost-in-flight@${k.now}`));
    k.schedule(0.002, () => net.setHostUp("c", false));
    k.run();
    expect(out).toEqual(["lost@0", `lost-in-flight@${0.006 + 800 / 2e6}`]);
  });
});
