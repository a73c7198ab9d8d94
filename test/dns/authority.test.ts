import { describe, expect, it } from "vitest";
import { answerQuery, makeAuthority, type Authority } from "../../sim/dns/authority";
import { parseZone } from "../../sim/dns/zone-parser";
import { decodeMessage, encodeMessage, isAuthoritative, makeQuery, rcodeOf, sectionRrs, inspectMessage } from "../../sim/dns/wire";
import type { RrType } from "../../sim/dns/zone";

const O = "example.gr.jp";
const ZONE = `
$TTL 86400
@        IN SOA ns1 hostmaster 1 3600 900 604800 300
         IN NS  ns1
         IN MX  10 mail-g1
         IN MX  20 mail-g2
ns1      IN A   202.250.31.148
mail-g1  IN A   202.250.31.150
mail-g2  IN A   202.250.31.151
www      IN CNAME mail-g1
ext      IN CNAME www.other.net.
a.b.deep IN A   192.0.2.9
*.wild   IN MX  10 mail-g1
host.wild IN A  192.0.2.10
sub      IN NS  ns.sub
ns.sub   IN A   192.0.2.53
`;

function ask(auth: Authority, name: string, type: RrType) {
  // Every answer also goes through the wire, as it would in a simulation.
  const r = answerQuery(auth, makeQuery(4242, name, type, false));
  const d = decodeMessage(encodeMessage(r.response));
  return {
    kind: r.kind,
    rcode: rcodeOf(d),
    aa: isAuthoritative(d),
    id: d.id,
    answer: sectionRrs(d.answers).map((x) => `${x.name} ${x.ttl} ${x.type} ${JSON.stringify(x.data)}`),
    authority: sectionRrs(d.authorities).map((x) => `${x.name} ${x.ttl} ${x.type}`),
    additional: sectionRrs(d.additionals).map((x) => `${x.name} ${x.type} ${x.data as string}`),
  };
}

const full = makeAuthority([parseZone(ZONE, { origin: O })]);
const minimal = makeAuthority([parseZone(ZONE, { origin: O })], { minimalResponses: true });

describe("authoritative answers (RFC 1034 §4.3.2)", () => {
  it("answers MX with AA and puts the exchangers' addresses in the additional section (S4)", () => {
    const r = ask(full, O, "MX");
    expect(r).toMatchObject({ kind: "answer", rcode: "NOERROR", aa: true, id: 4242 });
    expect(r.answer).toEqual([
      `${O} 86400 MX {"preference":10,"exchange":"mail-g1.example.gr.jp"}`,
      `${O} 86400 MX {"preference":20,"exchange":"mail-g2.example.gr.jp"}`,
    ]);
    expect(r.additional).toEqual(["mail-g1.example.gr.jp A 202.250.31.150", "mail-g2.example.gr.jp A 202.250.31.151"]);
  });

  it("minimal-responses leaves the additional section empty", () => {
    const r = ask(minimal, O, "MX");
    expect(r.answer).toHaveLength(2);
    expect(r.additional).toEqual([]);
  });

  it("NS answers carry the name servers' addresses", () => {
    expect(ask(full, O, "NS").additional).toEqual(["ns1.example.gr.jp A 202.250.31.148"]);
  });

  it("NXDOMAIN carries the SOA with TTL min(SOA TTL, MINIMUM) (RFC 2308 §3)", () => {
    const r = ask(full, `nothere.${O}`, "A");
    expect(r).toMatchObject({ kind: "nxdomain", rcode: "NXDOMAIN", aa: true, answer: [] });
    expect(r.authority).toEqual([`${O} 300 SOA`]);
  });

  it("NODATA: the name exists without that type, NOERROR + SOA", () => {
    const r = ask(full, `mail-g1.${O}`, "MX");
    expect(r).toMatchObject({ kind: "nodata", rcode: "NOERROR", aa: true, answer: [] });
    expect(r.authority).toEqual([`${O} 300 SOA`]);
  });

  it("an empty non-terminal exists: NODATA, not NXDOMAIN (RFC 4592 §2.2.2)", () => {
    expect(ask(full, `b.deep.${O}`, "A")).toMatchObject({ kind: "nodata", rcode: "NOERROR" });
    expect(ask(full, `deep.${O}`, "A")).toMatchObject({ kind: "nodata", rcode: "NOERROR" });
  });

  it("follows a CNAME inside its own data and stops where its data ends", () => {
    expect(ask(full, `www.${O}`, "A").answer).toEqual([
      `www.${O} 86400 CNAME "mail-g1.example.gr.jp"`,
      `mail-g1.${O} 86400 A "202.250.31.150"`,
    ]);
    const ext = ask(full, `ext.${O}`, "A");
    expect(ext).toMatchObject({ rcode: "NOERROR", aa: true });
    expect(ext.answer).toEqual([`ext.${O} 86400 CNAME "www.other.net"`]);
    expect(ask(full, `www.${O}`, "CNAME").answer).toHaveLength(1);
  });

  it("synthesises wildcard MX for names that do not exist, with the query name as owner (S6)", () => {
    for (const q of [`foo.wild.${O}`, `x.y.wild.${O}`]) {
      const r = ask(full, q, "MX");
      expect(r).toMatchObject({ kind: "answer", rcode: "NOERROR", aa: true });
      expect(r.answer).toEqual([`${q} 86400 MX {"preference":10,"exchange":"mail-g1.example.gr.jp"}`]);
      expect(r.additional).toEqual(["mail-g1.example.gr.jp A 202.250.31.150"]);
    }
  });

  it("a wildcard does not match names that exist, nor names below an existing name (RFC 4592 §2.2.1)", () => {
    expect(ask(full, `host.wild.${O}`, "MX")).toMatchObject({ kind: "nodata", answer: [] });
    expect(ask(full, `wild.${O}`, "MX")).toMatchObject({ kind: "nodata", answer: [] });
    expect(ask(full, `x.host.wild.${O}`, "MX")).toMatchObject({ kind: "nxdomain", rcode: "NXDOMAIN" });
    // A type the wildcard does not own: NODATA for the synthesised name.
    expect(ask(full, `foo.wild.${O}`, "A")).toMatchObject({ kind: "nodata", rcode: "NOERROR" });
  });

  it("refers a delegated child: no AA, NS in authority, glue in additional, even with minimal responses", () => {
    for (const auth of [full, minimal]) {
      const r = ask(auth, `www.sub.${O}`, "A");
      expect(r).toMatchObject({ kind: "referral", rcode: "NOERROR", aa: false, answer: [] });
      expect(r.authority).toEqual([`sub.${O} 86400 NS`]);
      expect(r.additional).toEqual([`ns.sub.${O} A 192.0.2.53`]);
    }
    // The cut itself: the parent is not authoritative for the child's NS set.
    expect(ask(full, `sub.${O}`, "NS")).toMatchObject({ kind: "referral", aa: false });
  });

  it("REFUSED for names outside its zones", () => {
    expect(ask(full, "www.other.net", "A")).toMatchObject({ kind: "refused", rcode: "REFUSED", aa: false, answer: [] });
    expect(ask(full, "gr.jp", "NS")).toMatchObject({ kind: "refused", rcode: "REFUSED" });
  });

  it("inspector shows the four sections as presentation text", () => {
    const r = answerQuery(full, makeQuery(7, O, "MX", false));
    const i = inspectMessage(decodeMessage(encodeMessage(r.response)));
    expect(i).toMatchObject({ id: 7, kind: "response", rcode: "NOERROR", flags: ["qr", "aa"] });
    expect(i.question).toEqual(["example.gr.jp. IN MX"]);
    expect(i.answer[0]).toBe("example.gr.jp. 86400 IN MX 10 mail-g1.example.gr.jp.");
    expect(i.additional).toHaveLength(2);
  });
});
