import { describe, expect, it } from "vitest";
import { Kernel, TraceBus, type TraceOf } from "../../sim/engine";
import { Network } from "../../sim/net";
import { buildHierarchy, deployHierarchy, DnsTransport, parseZone, Resolver, type Resolution } from "../../sim/dns";

describe("DNS over sim/net", () => {
  it("a cold MX lookup crosses a 1.5 Mbps line: each exchange pays 2 x 20 ms plus its bytes at 1.5 Mbps", () => {
    const kernel = new Kernel();
    const bus = new TraceBus();
    const net = new Network(kernel, bus);
    const h = buildHierarchy([{ zone: parseZone("@ IN MX 10 mail\nmail IN A 202.250.31.150\n", { origin: "example.gr.jp" }), servers: [{ name: "ns1.example.gr.jp", addr: "202.250.31.148" }] }]);
    net.addHost("internet");
    for (const s of h.servers) {
      net.addHost(s.name, { addrs: [s.addr] });
      net.addLink(s.name, "internet", { bandwidth: 1e9, latency: 0.01 });
    }
    net.addHost("gateway", { addrs: ["10.0.0.53"] });
    net.addLink("gateway", "internet", { bandwidth: 1.5e6, latency: 0.01 });
    const transport = new DnsTransport(net);
    deployHierarchy(kernel, bus, transport, h);
    const resolver = new Resolver(kernel, bus, transport, { name: "gateway", addr: "10.0.0.53", rootHints: h.rootHints });
    const sizes: number[] = [];
    bus.subscribe((e) => {
      if (e.type === "dns.query" || e.type === "dns.answer") sizes.push((e as TraceOf<"dns.query">).bytes);
    });
    let r: Resolution | undefined;
    resolver.resolve("example.gr.jp", "MX", (x) => (r = x));
    kernel.run();
    expect(r?.rcode).toBe("NOERROR");
    expect(resolver.counters.queriesSent).toBe(4);
    expect(sizes).toHaveLength(8);
    // Bottleneck share of an idle route is the slowest link: 1.5 Mbps.
    const expected = sizes.reduce((t, b) => t + 0.02 + (b * 8) / 1.5e6, 0);
    expect(kernel.now).toBeCloseTo(expected, 9);
  });
});
