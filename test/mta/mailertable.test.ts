/**
 * mailertable: the tutorial's gateway and internal-relay tables (iw2001 slides
 * "Gateway: mailertable", "社内中継サーバ: mailertable"), cf/README semantics.
 */
import { describe, expect, it } from "vitest";
import { lookupMailertable, mailertableKeys, parseMailertable } from "../../sim/mta/mailertable";

const GATEWAY = `.example.gr.jp smtp:[dist-in.example.gr.jp]
.example.ad.jp smtp:[non-mx.example.ad.jp]
.example.com esmtp:mx.example.co.jp
`;

const INTERNAL = `sub1.example.gr.jp smtp:[mbox1.example.gr.jp]
sub2.example.gr.jp smtp:[mbox2.example.ad.jp]
sub1.example.ad.jp smtp:[192.168.10.25]
`;

describe("mailertable parsing and lookup", () => {
  it("loads the tutorial's gateway table without diagnostics", () => {
    const { table, diagnostics } = parseMailertable(GATEWAY);
    expect(diagnostics).toEqual([]);
    expect(table.entries.size).toBe(3);
  });

  it("smtp:[host] routes without MX lookup; esmtp:host with MX lookup of host", () => {
    const { table } = parseMailertable(GATEWAY);
    expect(lookupMailertable(table, "sales.example.gr.jp")?.route).toEqual({
      kind: "smtp", mailer: "smtp", hosts: [{ host: "dist-in.example.gr.jp", mxLookup: false }],
    });
    expect(lookupMailertable(table, "www.example.com")?.route).toEqual({
      kind: "smtp", mailer: "esmtp", hosts: [{ host: "mx.example.co.jp", mxLookup: true }],
    });
  });

  it("a .domain key matches subdomains only, never the bare domain (sendmail's leading-dot search)", () => {
    const { table } = parseMailertable(GATEWAY);
    expect(lookupMailertable(table, "a.b.example.gr.jp")?.key).toBe(".example.gr.jp");
    expect(lookupMailertable(table, "example.gr.jp")).toBeNull();
    expect(lookupMailertable(table, "example.org")).toBeNull();
    expect(mailertableKeys("a.b.c")).toEqual(["a.b.c", ".b.c", ".c", "."]);
  });

  it("the internal relay's exact host keys, including an address literal", () => {
    const { table, diagnostics } = parseMailertable(INTERNAL);
    expect(diagnostics).toEqual([]);
    expect(lookupMailertable(table, "SUB1.example.gr.jp.")?.route).toMatchObject({ hosts: [{ host: "mbox1.example.gr.jp", mxLookup: false }] });
    expect(lookupMailertable(table, "sub1.example.ad.jp")?.route).toMatchObject({ hosts: [{ host: "192.168.10.25", mxLookup: false }] });
    expect(lookupMailertable(table, "x.sub1.example.gr.jp")).toBeNull(); // exact keys do not cover subdomains
  });

  it("the most specific key wins, and '.' catches everything else", () => {
    const { table } = parseMailertable(`.
.jp relay:[gw.example.jp]
.example.gr.jp smtp:[dist-in.example.gr.jp]
host.example.gr.jp local:postmaster
. relay:[smart.example.net]
`.replace(/^\.\n/, ""));
    expect(lookupMailertable(table, "host.example.gr.jp")?.route).toEqual({ kind: "local", user: "postmaster" });
    expect(lookupMailertable(table, "x.example.gr.jp")?.key).toBe(".example.gr.jp");
    expect(lookupMailertable(table, "example.gr.jp")?.key).toBe(".jp");
    expect(lookupMailertable(table, "example.org")?.key).toBe(".");
  });

  it("local: with no user means the original recipient", () => {
    const { table } = parseMailertable("lists.example.gr.jp local:\n");
    expect(lookupMailertable(table, "lists.example.gr.jp")?.route).toEqual({ kind: "local", user: null });
  });

  it("error mailer: code message, D.S.N:code message, and sysexits names", () => {
    const { table, diagnostics } = parseMailertable(`bogus.example.gr.jp error:550 Bogus host
spam.example.com error:5.7.1:551 Relay denied
gone.example.com error:nouser 550 No such user here
old.example.com error:nouser
busy.example.com error:4.3.1:452 Spool full
`);
    expect(diagnostics).toEqual([]);
    const r = (d: string) => { const e = lookupMailertable(table, d); if (e?.route.kind !== "error") throw new Error("expected error route"); return e.route.reply; };
    expect(r("bogus.example.gr.jp")).toEqual({ code: 550, enhanced: null, text: "Bogus host" });
    expect(r("spam.example.com")).toEqual({ code: 551, enhanced: "5.7.1", text: "Relay denied" });
    expect(r("gone.example.com")).toEqual({ code: 550, enhanced: "5.1.1", text: "No such user here" });
    expect(r("old.example.com")).toMatchObject({ code: 550, enhanced: "5.1.1" });
    expect(r("busy.example.com")).toMatchObject({ code: 452, enhanced: "4.3.1" });
  });

  it("several hosts separated by ':' are kept in order", () => {
    const { table } = parseMailertable("example.net smtp:[a.example.net]:b.example.net\n");
    expect(lookupMailertable(table, "example.net")?.route).toMatchObject({
      hosts: [{ host: "a.example.net", mxLookup: false }, { host: "b.example.net", mxLookup: true }],
    });
  });

  it("comments and blank lines are skipped; keys are case-folded", () => {
    const { table, diagnostics } = parseMailertable("# static routes\n\n  Example.COM   esmtp:mx.example.com  \n");
    expect(diagnostics).toEqual([]);
    expect(lookupMailertable(table, "example.com")?.line).toBe(3);
  });

  it("reports bad lines with line and column, keeps the good ones", () => {
    const text = [
      "good.example smtp:[mx.good.example]", // 1
      "nokey-value-only", //                     2: no value
      "bob@example.com smtp:[x.example]", //     3: address key
      "a.example smtp:[x.example", //            4: unbalanced bracket
      "b.example esmtp:", //                     5: no host
      "c.example error:5.1.1:450 Mixed", //      6: class mismatch
      "d.example uucp-dom:gateway.example", //   7: unknown mailer -> warning
      "good.example smtp:[other.example]", //    8: duplicate -> warning
      "e.example nocolon", //                    9
      "f.example error:whatever", //            10
    ].join("\n");
    const { table, diagnostics } = parseMailertable(text);
    const at = diagnostics.map((d) => [d.severity, d.line, d.col]);
    expect(at).toEqual([
      ["error", 2, 1],
      ["error", 3, 1],
      ["error", 4, 16], // the "[" of the host
      ["error", 5, 17], // just after "esmtp:"
      ["error", 6, 17], // the status code
      ["warning", 7, 11],
      ["warning", 8, 1],
      ["error", 9, 11],
      ["error", 10, 17],
    ]);
    expect([...table.entries.keys()].sort()).toEqual(["d.example", "good.example"]);
    expect(lookupMailertable(table, "good.example")?.route).toMatchObject({ hosts: [{ host: "mx.good.example" }] });
  });
});
