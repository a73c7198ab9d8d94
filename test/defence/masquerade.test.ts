/**
 * Masquerading (S18) on tables of addresses, from the tutorial's config.mc
 * examples and sendmail's cf/README definitions of each feature.
 */
import { describe, expect, it } from "vitest";
import { masqueradeAddress, masqueradeMessage, type MasqueradeConfig } from "../../sim/mta/masquerade";
import { compose } from "../../sim/smtp";

const base = { limited: false, entireDomain: false, envelope: false, exposedUsers: [], alwaysAddDomain: false, allMasquerade: false };

// 社内メールサーバ: MASQUERADE_AS(example.gr.jp) MASQUERADE_DOMAIN(myhost.example.gr.jp)
// limited_masquerade masquerade_envelope always_add_domain; the host is myhost.example.gr.jp.
const internal: MasqueradeConfig = { ...base, as: "example.gr.jp", domains: ["myhost.example.gr.jp"], localNames: ["myhost.example.gr.jp", "localhost"],
  hostname: "myhost.example.gr.jp", limited: true, envelope: true, alwaysAddDomain: true };
// MASQUERADE_DOMAIN(example.gr.jp) + masquerade_entire_domain.
const entire: MasqueradeConfig = { ...base, as: "example.gr.jp", domains: ["example.gr.jp"], localNames: ["gw.example.gr.jp"], hostname: "gw.example.gr.jp", entireDomain: true };
// 付録: MASQUERADE_DOMAIN(iw2001.example.gr.jp) limited_masquerade masquerade_envelope EXPOSED_USER(root postmaster), no always_add_domain.
const appendix: MasqueradeConfig = { ...base, as: "example.gr.jp", domains: ["iw2001.example.gr.jp"], localNames: ["iw2001.example.gr.jp"],
  hostname: "iw2001.example.gr.jp", limited: true, envelope: true, exposedUsers: ["root", "postmaster"] };
// MASQUERADE_AS alone: class w is masqueraded.
const plain: MasqueradeConfig = { ...base, as: "example.gr.jp", domains: [], localNames: ["myhost.example.gr.jp", "localhost"], hostname: "myhost.example.gr.jp" };

describe("masquerading, address by address", () => {
  const table: [string, MasqueradeConfig, string, "smtp" | "local", string][] = [
    ["internal", internal, "taro", "smtp", "taro@example.gr.jp"], // qualified with $j, $j is in class M
    ["internal", internal, "taro", "local", "taro@example.gr.jp"], // always_add_domain qualifies local mail too
    ["internal", internal, "taro@myhost.example.gr.jp", "smtp", "taro@example.gr.jp"],
    ["internal", internal, "taro@localhost", "smtp", "taro@localhost"], // class w is not masqueraded under limited_masquerade
    ["internal", internal, "taro@other.example.gr.jp", "smtp", "taro@other.example.gr.jp"], // not the entire domain
    ["internal", internal, "hanako@example.net", "smtp", "hanako@example.net"],
    ["internal", internal, "", "smtp", ""], // the null sender stays null
    ["entire", entire, "taro@pc1.sales.example.gr.jp", "smtp", "taro@example.gr.jp"],
    ["entire", entire, "taro@example.gr.jp", "smtp", "taro@example.gr.jp"],
    ["entire", entire, "taro@example.gr.jp.evil.example", "smtp", "taro@example.gr.jp.evil.example"],
    ["entire", entire, "taro@notexample.gr.jp", "smtp", "taro@notexample.gr.jp"], // a label boundary is required
    ["appendix", appendix, "root", "smtp", "root@iw2001.example.gr.jp"], // EXPOSED_USER: qualified, not masqueraded
    ["appendix", appendix, "postmaster@iw2001.example.gr.jp", "smtp", "postmaster@iw2001.example.gr.jp"],
    ["appendix", appendix, "taro", "local", "taro"], // no always_add_domain: local mail keeps the bare name
    ["appendix", appendix, "taro", "smtp", "taro@example.gr.jp"],
    ["plain", plain, "taro@localhost", "smtp", "taro@example.gr.jp"], // without limited_masquerade class w is masqueraded
    ["plain", plain, "taro@myhost.example.gr.jp", "smtp", "taro@example.gr.jp"],
    ["plain", plain, "taro@sub.myhost.example.gr.jp", "smtp", "taro@sub.myhost.example.gr.jp"],
  ];
  for (const [name, cfg, input, mailer, want] of table) {
    it(`${name}: <${input}> via ${mailer} -> <${want}>`, () => expect(masqueradeAddress(input, cfg, mailer)).toBe(want));
  }
});

describe("masquerading a message: header vs envelope", () => {
  const m = compose({ id: "m1", from: "taro@myhost.example.gr.jp", to: ["ken@example.com", "jiro@myhost.example.gr.jp"], at: 0, host: "myhost.example.gr.jp",
    extra: [{ name: "Reply-To", value: "Taro <taro@myhost.example.gr.jp>" }], body: { kind: "text", contentType: "text/plain", text: "hi" } });
  const field = (x: typeof m, n: string) => x.header.find((f) => f.name === n)?.value;

  it("rewrites sender header fields always, the envelope sender only with masquerade_envelope", () => {
    const noEnv = masqueradeMessage(m, { ...internal, envelope: false }, "smtp");
    expect(field(noEnv, "From")).toBe("taro@example.gr.jp");
    expect(field(noEnv, "Reply-To")).toBe("Taro <taro@example.gr.jp>");
    expect(noEnv.envelope.mailFrom).toBe("taro@myhost.example.gr.jp");
    expect(masqueradeMessage(m, internal, "smtp").envelope.mailFrom).toBe("taro@example.gr.jp");
  });

  it("leaves recipients alone (header To: unless allmasquerade; envelope recipients never)", () => {
    const x = masqueradeMessage(m, internal, "smtp");
    expect(field(x, "To")).toBe("ken@example.com, jiro@myhost.example.gr.jp");
    expect(x.envelope.rcptTo).toEqual(["ken@example.com", "jiro@myhost.example.gr.jp"]);
    const all = masqueradeMessage(m, { ...internal, allMasquerade: true }, "smtp");
    expect(field(all, "To")).toBe("ken@example.com, jiro@example.gr.jp");
    expect(all.envelope.rcptTo).toEqual(["ken@example.com", "jiro@myhost.example.gr.jp"]);
  });
});
