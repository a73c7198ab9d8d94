/**
 * The scenario library: every bundled scenario keeps its golden fingerprint (the
 * hash of its whole trace, test/golden/fingerprints.json, `npm run golden`), loads
 * with en/ja descriptions, a learning goal and what to watch, and shows the
 * teaching point it was written for — asserted from the run's results.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../sim";
import { bundledNames, loadBundled, runBundled } from "./bundled";

const GOLDEN: Record<string, string> = JSON.parse(readFileSync(join(__dirname, "fingerprints.json"), "utf8"));
const hour = 3600;

/** Value of a [t, v] series at the last sample at or before t. */
const at = (s: [number, number][], t: number): number => s.filter(([x]) => x <= t).at(-1)?.[1] ?? NaN;
const queue = (r: ReturnType<typeof runBundled>, host: string): [number, number][] => {
  const a = r.series(`queue.active:${host}`), d = r.series(`queue.deferred:${host}`);
  return a.map(([t, v], i) => [t, v + d[i][1]]);
};

describe("golden fingerprints", () => {
  it("every bundled scenario has a golden fingerprint, and no golden is stale", () => {
    expect(Object.keys(GOLDEN).sort()).toEqual(bundledNames());
  });
  for (const name of bundledNames()) {
    it(`${name}: same trace as the golden run (npm run golden after an intended change)`, () => {
      const r = runBundled(name);
      expect(r.summary.messages.lost).toBe(0);
      expect(r.summary.fingerprint).toBe(GOLDEN[name]);
    });
  }
});

describe("library metadata", () => {
  const mine = ["second-mx", "second-mx-independent", "fallback-mx", "internal-relay", "mailbox-masquerade", "split-dns", "open-relay", "rbl-outage",
    "ns-outage", "cname-mx", "wildcard-mx", "additional-section", "mail-bomb", "pop-polling", "mobile-mail", "ldap-routing", "isp-day"];
  it.each(mine)("%s has en and ja description, learning goal, what to watch, teaching points", (name) => {
    const s = loadBundled(name);
    for (const f of [s.description, s.learningGoal, s.watch]) {
      expect(typeof f === "object" && f.en.length > 20 && (f.ja ?? "").length > 10).toBe(true);
    }
    expect(s.teaches?.length).toBeGreaterThan(0);
  });
});

describe("teaching points", () => {
  it("default (S16, S20, S21): mail2 holds the mail during the gateway outage; the FallbackMX holds example.com's; all delivered", () => {
    const r = runBundled("default");
    const m = r.summary.messages;
    expect(m.delivered + m.queued).toBe(m.injected);
    const mail2 = queue(r, "mail2");
    expect(at(mail2, 6 * hour)).toBe(0);
    expect(at(mail2, 9.9 * hour)).toBeGreaterThan(100); // 4 h of ~2/min
    expect(at(mail2, 11 * hour)).toBe(0);
    expect(r.summary.mtas.gateway.fallback).toBeGreaterThan(50); // 14 h..17 h: remote down
    expect(at(queue(r, "fallback"), 16.9 * hour)).toBeGreaterThan(50);
  });

  it("second-mx (S20): the 2nd MX's queue grows during the outage, drains after recovery, all delivered", () => {
    const r = runBundled("second-mx");
    const q = queue(r, "mail2");
    expect(at(q, 1.9 * hour)).toBe(0);
    expect(at(q, 3 * hour)).toBeGreaterThan(40);
    expect(at(q, 4.9 * hour)).toBeGreaterThan(at(q, 3 * hour));
    expect(at(q, 6 * hour)).toBe(0); // first queue run after 5 h
    expect(r.summary.messages.delivered).toBe(r.summary.messages.injected);
    expect(r.of("mta.delivered", "isp").some((e) => e.to === "mail2" && e.t > 2 * hour && e.t < 5 * hour)).toBe(true);
  });

  it("second-mx-independent (S20): the 2nd MX delivers during the outage; latency stays in seconds", () => {
    const r = runBundled("second-mx-independent");
    const dependent = runBundled("second-mx");
    expect(r.summary.mtas.mail2.relayed).toBeGreaterThan(150);
    expect(r.summary.mtas.mail2.peakQueue).toBeLessThan(5);
    expect(r.summary.latency.max).toBeLessThan(60);
    expect(dependent.summary.latency.max).toBeGreaterThan(2 * hour);
    const inOutage = r.of("mta.delivered", "mailbox").filter((e) => e.t > 2 * hour && e.t < 5 * hour).length;
    expect(inOutage).toBeGreaterThan(150);
  });

  it("fallback-mx (S21): the gateway hands what example.com refuses to the FallbackMX, whose queue shows the outage", () => {
    const r = runBundled("fallback-mx");
    const fb = queue(r, "fallback"), gw = queue(r, "gateway");
    expect(at(fb, 3.9 * hour)).toBeGreaterThan(100);
    expect(Math.max(...gw.map(([, v]) => v))).toBeLessThan(5);
    expect(at(fb, 5 * hour)).toBe(0);
    expect(r.summary.mtas.gateway.fallback).toBe(r.summary.mtas.fallback.accepted);
    expect(r.summary.messages.delivered).toBe(r.summary.messages.injected);
  });

  it("internal-relay (S17): department mail by mailertable, the rest by SMART_HOST; only the outbound share reaches the gateway", () => {
    const r = runBundled("internal-relay");
    const routes = r.of("mta.route", "dist-in");
    const byStep = (step: string) => routes.filter((e) => e.step === step);
    expect(byStep("mailertable").every((e) => e.rcpt.endsWith("@sub2.example.gr.jp"))).toBe(true);
    expect(byStep("smartHost").every((e) => e.rcpt.endsWith("@example.com"))).toBe(true);
    expect(byStep("smartHost").length).toBe(r.summary.mtas.gateway.accepted);
    expect(byStep("smartHost").length / routes.length).toBeGreaterThan(0.2);
    expect(byStep("smartHost").length / routes.length).toBeLessThan(0.4);
  });

  it("mailbox-masquerade (S18): mail leaves as @example.gr.jp, header and envelope", () => {
    const r = runBundled("mailbox-masquerade");
    const connects = r.of("smtp.connect", "gateway");
    expect(connects.length).toBeGreaterThan(0);
    expect(connects.every((e) => /^(alice|bob)@example\.gr\.jp$/.test(e.mailFrom))).toBe(true);
    const copy = r.sim.mtas.get("remote")!.mailboxes.recent.at(-1)!;
    expect(copy.header.find((f) => f.name === "From")?.value).toMatch(/@example\.gr\.jp$/);
    expect(copy.header.find((f) => f.name === "Return-Path")?.value).toMatch(/^<(alice|bob)@example\.gr\.jp>$/);
  });

  it("split-dns (S19): sales finds the internal hub by MX; the outside finds the gateway", () => {
    const r = runBundled("split-dns");
    const plans = (h: string) => r.of("mta.plan", h).filter((e) => e.dest === "example.gr.jp");
    expect(plans("sales").length).toBeGreaterThan(0);
    expect(plans("sales").every((e) => e.candidates[0] === "10 mailhub.example.gr.jp[10.0.0.25]")).toBe(true);
    expect(plans("isp").every((e) => e.candidates[0] === "10 gateway.example.gr.jp[202.250.31.150]")).toBe(true);
    const fromSales = r.of("mta.queued", "gateway").filter((e) => e.from === "sales");
    expect(fromSales.every((e) => e.rcpts.every((x) => x.endsWith("@example.net")))).toBe(true);
  });

  it("open-relay (S23): backscatter floods the forged domain until the relay is closed; then spam is refused at SMTP time", () => {
    const r = runBundled("open-relay");
    const backscatter = r.of("mta.delivered", "innocent");
    expect(backscatter.length).toBeGreaterThan(50);
    expect(backscatter.every((e) => e.t < 1.2 * hour)).toBe(true);
    const dsnIn = r.of("mta.queued", "innocent");
    expect(dsnIn.every((e) => e.message.startsWith("relay-dsn-"))).toBe(true);
    const refusedAfter = r.of("mta.refused", "relay").filter((e) => e.t > hour && e.code === 550);
    expect(refusedAfter.length).toBeGreaterThan(100);
    expect(r.of("mta.queued", "relay").every((e) => e.t <= hour + 60)).toBe(true);
  });

  it("rbl-outage (S24): tempfail delays mail and delivers it all; treat-as-listed refuses it and the senders bounce", () => {
    const r = runBundled("rbl-outage");
    const a = r.of("mta.refused", "site-a").filter((e) => e.t >= hour && e.t < 2 * hour);
    const b = r.of("mta.refused", "site-b").filter((e) => e.t >= hour && e.t < 2 * hour);
    expect(a.length).toBeGreaterThan(20);
    expect(a.every((e) => e.code === 451)).toBe(true);
    expect(b.length).toBeGreaterThan(20);
    expect(b.every((e) => e.code >= 500)).toBe(true);
    const bounced = r.of("mta.bounced", "isp").flatMap((e) => e.rcpts);
    expect(bounced.length).toBeGreaterThan(40);
    expect(bounced.every((x) => x === "bob@b.example")).toBe(true);
    expect(r.sim.mtas.get("site-a")!.mailboxes.mailbox("alice")!.messages).toBe(r.of("traffic.injected").filter((e) => e.rcpts[0] === "alice@a.example").length);
  });

  it("ns-outage (S2): with the mail server up, a dead NS defers the domain's mail until it returns", () => {
    const r = runBundled("ns-outage");
    const deferred = r.of("mta.deferred", "isp");
    expect(deferred.length).toBeGreaterThan(50);
    expect(deferred.every((e) => e.t > hour && e.t < 3 * hour + 600)).toBe(true);
    expect(r.of("dns.timeout").length).toBeGreaterThan(0);
    expect(r.of("mta.delivered", "gateway").filter((e) => e.t > 1.2 * hour && e.t < 3 * hour).length).toBe(0);
    expect(r.summary.messages.delivered).toBe(r.summary.messages.injected);
  });

  it("cname-mx (S5): the sender that chases the CNAME delivers; the strict one cannot use the alias", () => {
    const r = runBundled("cname-mx");
    expect(r.sim.mtas.get("gateway")!.mailboxes.mailbox("alice")!.messages).toBe(10);
    expect(r.of("mta.delivered", "gateway").length).toBe(10);
    expect(r.of("mta.bounced", "strict-isp").flatMap((e) => e.rcpts)).toEqual(Array(10).fill("alice@example.gr.jp"));
    expect(r.of("mta.plan", "old-isp")[0].notes.join(" ")).toMatch(/is an alias for gateway\.example\.gr\.jp .*followed/);
    expect(r.of("mta.bounced", "strict-isp")[0]).toMatchObject({ code: 554, enhanced: "5.4.4" });
  });

  it("wildcard-mx (S6): typo'd names resolve to the gateway, which refuses them; www (A only) is not covered", () => {
    const r = runBundled("wildcard-mx");
    const typos = r.of("mta.plan", "isp").filter((e) => e.dest === "mail.example.gr.jp");
    expect(typos.length).toBe(10);
    expect(typos.every((e) => e.candidates[0].includes("gateway.example.gr.jp"))).toBe(true);
    expect(r.of("mta.refused", "gateway").filter((e) => e.code === 550).length).toBe(10);
    expect(r.of("mta.bounced", "isp").flatMap((e) => e.rcpts).every((x) => x === "alice@mail.example.gr.jp")).toBe(true);
    expect(r.summary.messages.queuedAt["queued@isp"]).toBe(5); // webmaster@www: implicit MX is the web server
  });

  it("additional-section (S4): a cold lookup costs one query where the additional section carries the A, two under minimal-responses", () => {
    const r = runBundled("additional-section");
    const q = (server: string, qtype: string) => r.of("dns.query").filter((e) => e.role === "resolver" && e.server === server && e.qtype === qtype).length;
    // one query per cold lookup at ns-full (the A came in the additional section), two at ns-min
    expect(q("ns.full.example", "MX")).toBeGreaterThan(10);
    expect(q("ns.full.example", "A")).toBe(0);
    expect(q("ns.min.example", "MX")).toBeGreaterThan(5);
    expect(q("ns.min.example", "A")).toBe(q("ns.min.example", "MX"));
    expect(r.of("dns.cache", "named").filter((e) => e.qname === "mx.full.example" && e.qtype === "A").every((e) => e.hit)).toBe(true);
    const fullAnswers = r.of("dns.answer", "ns-full").filter((e) => e.qtype === "MX");
    expect(fullAnswers.every((e) => e.additional >= 1)).toBe(true);
    expect(r.of("dns.answer", "ns-min").filter((e) => e.qtype === "MX").every((e) => e.additional === 0)).toBe(true);
  });

  it("mail-bomb (S27): size limit refuses the big ones (552), the spool limit the flood (452); ordinary mail is retried and delivered", () => {
    const r = runBundled("mail-bomb");
    // SIZE= on MAIL FROM (RFC 1870): refused before a byte of the 20 MB crosses the line
    const tooBig = r.of("smtp.reply", "attacker").filter((e) => e.code === 552);
    expect(tooBig.length).toBe(20);
    expect(tooBig.every((e) => e.stage === "mail" && e.enhanced === "5.3.4")).toBe(true);
    const full = r.of("mta.refused", "gateway").filter((e) => e.code === 452);
    expect(full.length).toBeGreaterThan(500);
    expect(r.summary.mtas.gateway.peakQueue).toBeLessThanOrEqual(200);
    expect(r.summary.mtas.gateway.peakQueue).toBeGreaterThan(190);
    expect(r.summary.messages.rejected).toBe(20 + full.filter((e) => e.client === "attacker").length);
    expect(r.summary.mtas.isp.deferred).toBeGreaterThan(0);
    expect(r.sim.mtas.get("mailbox")!.mailboxes.mailbox("bob")!.messages).toBe(r.of("traffic.injected").length);
  });

  it("pop-polling (S33): the server's load follows the polling interval, not the mail", () => {
    const fast = runBundled("pop-polling");
    const work = (rr: { of: typeof fast.of }) => rr.of("mailbox.poll").reduce((s, e) => s + e.work, 0);
    const s = loadBundled("pop-polling");
    expect(fast.of("mailbox.poll").length).toBeGreaterThan(2000 * 14); // ~15 polls per user in 30 min
    let slowWork = 0;
    const slowRun = run({ ...s, traffic: s.traffic.map((t) => (t.kind === "poll" ? { ...t, every: 600 } : t)) }, { trace: (e) => { if (e.type === "mailbox.poll") slowWork += e.work; } });
    expect(slowRun.summary.messages.delivered).toBe(fast.summary.messages.delivered); // same mail
    expect(work(fast) / slowWork).toBeGreaterThan(4);
    expect(work(fast) / slowWork).toBeLessThan(6);
  });

  it("mobile-mail (S35): thousands of sessions for a few percent of the line", () => {
    const r = runBundled("mobile-mail");
    expect(r.summary.mtas.carrier.sessions).toBeGreaterThan(6000);
    expect(r.summary.links["internet--gateway"].meanUtilisation).toBeLessThan(0.1);
    const small = r.of("traffic.injected").filter((e) => e.workload === "0/mobile");
    expect(small.reduce((s, e) => s + e.bytes, 0) / small.length).toBeLessThan(1500);
  });

  it("ldap-routing (S22): the directory picks each user's mailbox server; the replica answers while the master is down", () => {
    const r = runBundled("ldap-routing");
    const box = (host: string, user: string) => r.sim.mtas.get(host)!.mailboxes.mailbox(user)?.messages ?? 0;
    expect(box("mbox1", "bob") + box("mbox1", "dave") + box("mbox2", "alice") + box("mbox2", "carol")).toBe(0);
    expect(box("mbox1", "alice") + box("mbox1", "carol") + box("mbox2", "bob") + box("mbox2", "dave")).toBe(r.summary.messages.injected);
    const lookups = r.of("ldap.lookup");
    const during = lookups.filter((e) => e.t > hour + 10 && e.t < 2 * hour);
    expect(during.length).toBeGreaterThan(30);
    expect(during.every((e) => e.server === "ldap2" && e.elapsed >= 5)).toBe(true);
    expect(lookups.filter((e) => e.t < hour || e.t > 2 * hour + 10).every((e) => e.server === "ldap1" && e.elapsed < 1)).toBe(true);
  });

  it("retry-storm (S13, S34): after the 6-hour outage the backlog saturates the 1.5 Mbps line, then drains", () => {
    const r = runBundled("retry-storm");
    const util = r.series("util:internet--gateway");
    const after = util.filter(([t]) => t > 8 * hour && t < 8.5 * hour).map(([, v]) => v);
    expect(Math.max(...after)).toBeGreaterThan(0.95);
    const before = util.filter(([t]) => t < 2 * hour).map(([, v]) => v);
    expect(before.reduce((a, b) => a + b, 0) / before.length).toBeLessThan(0.7);
    expect(r.summary.messages.lost).toBe(0);
  });
});
