import { describe, expect, it } from "vitest";
import { answerQuery, makeAuthority } from "../../sim/dns/authority";
import { buildHierarchy, type Hierarchy } from "../../sim/dns/hierarchy";
import { parseZone } from "../../sim/dns/zone-parser";
import { makeQuery, rcodeOf, sectionRrs } from "../../sim/dns/wire";
import type { RrType } from "../../sim/dns/zone";

const example = parseZone("@ IN MX 10 mail-g1\nmail-g1 IN A 202.250.31.150\n", { origin: "example.gr.jp" });
const ns1 = { name: "ns1.example.gr.jp", addr: "202.250.31.148" };

/** Walk the tree from the root hints, as RFC 1034 §5.3.3 does, with no cache. */
function walk(h: Hierarchy, name: string, type: RrType): { servers: string[]; rcode: string; answers: string[] } {
  const auths = new Map(h.servers.map((s) => [s.addr, makeAuthority(h.zones.filter((z) => s.zones.includes(z.zone.origin)).map((z) => z.zone))]));
  let addr = h.rootHints[0].addr;
  const servers: string[] = [];
  for (let i = 0; i < 10; i++) {
    servers.push(addr);
    const r = answerQuery(auths.get(addr)!, makeQuery(1, name, type, false));
    if (r.kind !== "referral") {
      return { servers, rcode: rcodeOf(r.response), answers: sectionRrs(r.response.answers).map((a) => `${a.type} ${JSON.stringify(a.data)}`) };
    }
    const glue = sectionRrs(r.response.additionals).filter((a) => a.type === "A");
    addr = glue[0].data as string;
  }
  throw new Error("referral loop");
}

describe("synthesised root and TLDs (S1)", () => {
  const h = buildHierarchy([{ zone: example, servers: [ns1] }]);

  it("makes ., jp. and gr.jp. with servers named like the real ones, addresses in 198.18.0.0/15", () => {
    expect(h.zones.map((z) => [z.zone.origin, z.synthetic ?? false])).toEqual([["", true], ["jp", true], ["gr.jp", true], ["example.gr.jp", false]]);
    expect(h.rootHints).toEqual([{ name: "a.root-servers.net", addr: "198.18.0.1" }, { name: "b.root-servers.net", addr: "198.18.0.2" }]);
    expect(h.servers.map((s) => `${s.name} ${s.addr} ${s.zones.join(",")}`)).toEqual([
      "a.root-servers.net 198.18.0.1 ", "b.root-servers.net 198.18.0.2 ",
      "a.dns.jp 198.18.0.3 jp", "b.dns.jp 198.18.0.4 jp",
      "a.dns.gr.jp 198.18.0.5 gr.jp", "b.dns.gr.jp 198.18.0.6 gr.jp",
      "ns1.example.gr.jp 202.250.31.148 example.gr.jp",
    ]);
  });

  it("completes the scenario zone with SOA, NS and the server's address", () => {
    const z = h.zones[3].zone;
    expect(z.records.slice(0, 3).map((r) => `${r.name} ${r.type}`)).toEqual(["example.gr.jp SOA", "example.gr.jp NS", "ns1.example.gr.jp A"]);
  });

  it("an MX lookup walks root -> jp -> gr.jp -> example.gr.jp: four servers, then the answer", () => {
    const w = walk(h, "example.gr.jp", "MX");
    expect(w.servers).toEqual(["198.18.0.1", "198.18.0.3", "198.18.0.5", "202.250.31.148"]);
    expect(w.rcode).toBe("NOERROR");
    expect(w.answers).toEqual(['MX {"preference":10,"exchange":"mail-g1.example.gr.jp"}']);
  });

  it("a name under a synthesised zone that nobody delegated is NXDOMAIN at that level", () => {
    const w = walk(h, "nosuch.gr.jp", "A");
    expect(w.servers).toEqual(["198.18.0.1", "198.18.0.3", "198.18.0.5"]);
    expect(w.rcode).toBe("NXDOMAIN");
  });

  it("keeps an ancestor the scenario defines itself and synthesises only what is missing", () => {
    const jp = parseZone("@ IN NS ns.jp.\nns IN A 192.0.2.1\nexample.gr IN NS ns1.example.gr\nns1.example.gr IN A 202.250.31.148\n", { origin: "jp" });
    const h2 = buildHierarchy([{ zone: example, servers: [ns1] }, { zone: jp, servers: [{ name: "ns.jp", addr: "192.0.2.1" }] }], { serversPerZone: 1 });
    expect(h2.zones.map((z) => z.zone.origin)).toEqual(["", "jp", "example.gr.jp"]);
    expect(h2.rootHints).toEqual([{ name: "a.root-servers.net", addr: "198.18.0.1" }]);
    expect(walk(h2, "example.gr.jp", "MX").servers).toEqual(["198.18.0.1", "192.0.2.1", "202.250.31.148"]);
  });
});
