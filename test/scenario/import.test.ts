import { readFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { importConfig, importPostfixMainCf, importSendmailMc, isWarning, type ImportResult } from "../../sim/scenario/import";
import { readMc } from "../../sim/scenario/import/m4";
import { loadScenario } from "../../sim";

const fixture = (name: string): string => readFileSync(join(__dirname, "fixtures", name), "utf8");

/** Lines of a .mc file that carry a directive (not blank, not a bare dnl). */
function directiveLines(text: string): number[] {
  return text.split("\n").flatMap((l, i) => (l.trim() === "" || /^dnl\b/.test(l.trim()) ? [] : [i + 1]));
}

/**
 * Embeds an imported block in a one-host scenario with a resolver (DNSBL checks and MX
 * lookups need one) and loads it: the fragment must be valid scenario text.
 */
function loadsAsScenario(r: ImportResult): void {
  const text = stringify({ name: "imported", duration: "1h", hosts: { named: { role: "resolver", addr: "192.0.2.53" }, gw: { role: "mta", addr: "192.0.2.1", mta: r.mta } } });
  const s = loadScenario(text, "imported.yaml");
  expect(s.hosts.gw.mta?.profile).toBe(r.mta.profile);
}

describe("an imported block that validates runs", () => {
  it("a DNSBL check on a host with no resolver is refused at validation, at the field, not at run time", () => {
    const r = importSendmailMc(fixture("tutorial-gateway.mc"));
    const text = stringify({ name: "imported", duration: "1h", hosts: { gw: { role: "mta", addr: "192.0.2.1", mta: r.mta } } });
    expect(() => loadScenario(text, "imported.yaml")).toThrow(/imported\.yaml:\d+:\d+: hosts\.gw\.mta\.dnsblCheck: the host has no resolver to ask/);
  });
});

const kinds = (r: ImportResult): Record<number, string> => Object.fromEntries(r.notes.map((n) => [n.line, n.kind]));

describe("sendmail .mc import: the tutorial's four config.mc files, as written", () => {
  it("gateway (S16): blacklist_recipients and dnsbl (MAPS by default) carried over; mailertable/access_db need their files; hostname $w.$m left to the scenario", () => {
    const text = fixture("tutorial-gateway.mc");
    const r = importSendmailMc(text);
    expect(r.mta).toEqual({ profile: "sendmail", blacklistRecipients: true, dnsblCheck: { zones: ["blackholes.mail-abuse.org"], onFailure: "ignore" } });
    expect(kinds(r)).toEqual({
      1: "no-effect", 2: "no-effect", 3: "no-effect", 4: "no-effect", 5: "no-effect", // divert VERSIONID OSTYPE DOMAIN nocanonify
      6: "not-modelled", 7: "not-modelled", // mailertable and access_db without their files
      10: "no-effect", 11: "no-effect", 12: "not-modelled", // MAILER x2, confDOMAIN_NAME `$w.$m'
    });
    // every directive line is either a field (8: blacklist_recipients, 9: dnsbl) or a note
    expect(directiveLines(text).filter((l) => kinds(r)[l] === undefined)).toEqual([8, 9]);
    loadsAsScenario(r);
  });

  it("gateway with its access file: the entries are embedded as written", () => {
    const access = "spammers.net REJECT\nspammer@ube.com ERROR:5.7.1:551 Relay denied\nspam@uce.uce.com DISCARD\nexample.gr.jp RELAY\n";
    const r = importSendmailMc(fixture("tutorial-gateway.mc"), { access });
    expect(r.mta.access).toBe(access);
    expect(r.notes.some((n) => n.line === 7)).toBe(false);
    loadsAsScenario(r);
  });

  it("gateway with its mailertable file: the routes are embedded", () => {
    const mt = ".example.gr.jp smtp:[dist-in.example.gr.jp]\n.example.ad.jp smtp:[non-mx.example.ad.jp]\n.example.com esmtp:mx.example.co.jp\n";
    const r = importSendmailMc(fixture("tutorial-gateway.mc"), { mailertable: mt });
    expect(r.mta.mailertable).toBe(mt);
    expect(r.notes.some((n) => n.line === 6)).toBe(false);
    loadsAsScenario(r);
  });

  it("internal relay (S17): curly-quoted SMART_HOST is read", () => {
    const text = fixture("tutorial-internal-relay.mc");
    expect(text).toContain("define(`SMART_HOST\u2019,`gateway.example.gr.jp\u2019)dnl");
    const r = importSendmailMc(text);
    expect(r.mta).toEqual({ profile: "sendmail", smartHost: "gateway.example.gr.jp" });
    expect(directiveLines(text).filter((l) => !r.notes.some((n) => n.line === l))).toEqual([8]); // only SMART_HOST became a field
    loadsAsScenario(r);
  });

  it("internal mailbox server (S18): SMART_HOST to dist-in and the masquerading the file sets up, none silently dropped", () => {
    const text = fixture("tutorial-mailbox-server.mc");
    const r = importSendmailMc(text);
    expect(r.mta).toEqual({
      profile: "sendmail", smartHost: "dist-in.example.gr.jp",
      masquerade: { as: "example.gr.jp", domains: ["myhost.example.gr.jp"], limited: true, envelope: true, alwaysAddDomain: true },
    });
    expect(r.notes.filter((n) => n.kind === "not-modelled").map((n) => n.line)).toEqual([13]); // Dm: $w unknown
    expect(directiveLines(text).filter((l) => !r.notes.some((n) => n.line === l))).toEqual([6, 7, 8, 9, 10, 14]);
    loadsAsScenario(r);
  });

  it("appendix internal host: hostname from Dw + Dm, SMART_HOST with a mailer and an address literal", () => {
    const text = fixture("tutorial-appendix.mc");
    const r = importSendmailMc(text);
    expect(r.mta).toEqual({
      profile: "sendmail", hostname: "iw2001.example.gr.jp", smartHost: "[192.168.0.3]", blacklistRecipients: true,
      masquerade: { as: "example.gr.jp", domains: ["iw2001.example.gr.jp"], limited: true, envelope: true, exposedUsers: ["root", "postmaster"] },
    });
    expect(r.notes.filter((n) => n.kind === "not-modelled").map((n) => n.line)).toEqual([9, 11]); // mailertable, access_db files
    expect(r.notes.filter((n) => n.kind === "unknown")).toEqual([]);
    loadsAsScenario(r);
  });

  it("the spam-defence slide: enhdnsbl with curly quotes and an argument broken across two lines", () => {
    const items = readMc(fixture("tutorial-gateway-spam.mc"));
    const enh = items.find((i) => i.kind === "call" && i.args?.[0] === "enhdnsbl");
    expect(enh).toMatchObject({ line: 4, args: ["enhdnsbl", "dnsbl.example.com", "", "t", "127.0.0.2.", "R\nBL BLOCK"] });
    expect(items.filter((i) => i.kind === "call").map((i) => (i.kind === "call" ? i.args?.[0] : ""))).toEqual(["access_db", "blacklist_recipients", "dnsbl", "enhdnsbl"]);
  });

  it("maps limits, fallback and timeouts; unknown directives are warnings with their line", () => {
    const r = importSendmailMc([
      "define(`confFALLBACK_MX',`fb.example.gr.jp')dnl",
      "define(`confMAX_MESSAGE_SIZE', `2000000')dnl",
      "define(`confTO_QUEUERETURN', `3d')dnl",
      "define(`confTO_QUEUEWARN', `4h')dnl",
      "FEATURE(`frobnicate')dnl",
      "O MaxMessageSize=5000000",
      "Cwexample.gr.jp mail.example.gr.jp",
      "LOCAL_RULE_0",
    ].join("\n"));
    expect(r.mta).toEqual({
      profile: "sendmail", domains: ["example.gr.jp", "mail.example.gr.jp"], fallbackMx: "fb.example.gr.jp",
      messageSizeLimit: 5_000_000, retry: { law: "sendmail", params: { queueReturn: 259_200, queueWarn: 14_400 } },
    });
    expect(r.notes.filter(isWarning).map((n) => [n.line, n.kind])).toEqual([[5, "unknown"], [8, "unknown"]]);
    loadsAsScenario(r);
  });
});

describe("Postfix main.cf import", () => {
  it("maps the subset, with continuation lines, $expansion and Postfix's default units", () => {
    const r = importPostfixMainCf(fixture("main.cf"));
    expect(r.mta).toEqual({
      profile: "postfix",
      hostname: "gateway.example.gr.jp",
      domains: ["gateway.example.gr.jp", "localhost.example.gr.jp", "localhost"],
      mailertable: "example.gr.jp\tsmtp:[dist-in.example.gr.jp]\n.example.gr.jp\tsmtp:[dist-in.example.gr.jp]\n",
      fallbackMx: "[fallback.example.net]",
      relayDomains: ["example.gr.jp"],
      relayClients: ["127.0.0.0/8", "202.250.31.0/24", "10.0.0.0/8"],
      messageSizeLimit: 10_240_000,
      destinationConcurrency: 10,
      retry: { law: "postfix", params: { queueRunDelay: 300, minimalBackoffTime: 300, maximalBackoffTime: 4000, maximalQueueLifetime: 432_000 } },
      dnsblCheck: { zones: ["rbl.example.net"] },
      masquerade: { as: "example.gr.jp", domains: ["example.gr.jp"], entireDomain: true },
    });
    const w = r.notes.filter(isWarning).map((n) => [n.line, n.kind, n.message.split(" ").slice(0, 2).join(" ")]);
    expect(w).toEqual([
      [11, "not-modelled", "recognised: permit_sasl_authenticated"],
      [22, "unknown", "unknown parameter"],
    ]);
    loadsAsScenario(r);
  });

  it("is chosen by file name or content", () => {
    expect(importConfig("main.cf", "myhostname = a.example\n").format).toBe("postfix-main-cf");
    expect(importConfig("gw.conf", "FEATURE(`mailertable')dnl\n").format).toBe("sendmail-mc");
  });
});
