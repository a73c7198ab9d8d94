import { describe, expect, it } from "vitest";
import { cdf, countEvent, emptyCounters, emptyLatency } from "../../viz/model/counters";
import { emptyPending, itemFrom, progress, prune, type Item } from "../../viz/model/dots";
import { LogMatches, filterLog } from "../../viz/model/log-filter";
import { isStoryEvent, routeHosts, traceContext, traceMessage } from "../../viz/model/message-trace";
import { sentence } from "../../viz/model/sentences";
import { markers, posOf, speedOf } from "../../viz/model/timeline";
import { queueSeries, totalQueue, utilSeries } from "../../viz/model/series";
import { clock, span } from "../../viz/model/format";
import type { SampleRow } from "../../viz/protocol";
import { toSecondMx } from "./fixtures";

describe("message inspector model", () => {
  const m = traceMessage(toSecondMx, "u0-7");
  it("follows the route through the 2nd MX", () => {
    expect(routeHosts(m)).toEqual(["isp", "mail2", "gateway"]);
    expect(m.backup).toEqual([{ host: "isp", to: "mail2", pref: 20, first: "MX 10 gateway.example.gr.jp", t: 100.33 }]);
  });
  it("collects attempts with their reply codes and the DNS lookups the message caused", () => {
    expect(m.attempts).toHaveLength(1);
    expect(m.attempts[0].replies.map((r) => `${r.stage} ${r.code}`)).toEqual(["greeting 220", "dot 250"]);
    expect(m.attempts[0].end).toEqual({ stage: "done", code: 250 });
    expect(m.dns.map((q) => `${q.qname} ${q.qtype}`)).toEqual(["example.gr.jp MX"]);
    expect(m.decisions.map((d) => d.type)).toEqual(["mta.route", "mta.plan", "mta.delivered", "mta.deferred", "mta.route", "mta.delivered"]);
  });
});

describe("message story (kept by the worker)", () => {
  it("keeps MTA, SMTP and stub DNS events, and explains the backup MX from the message's own plan", () => {
    const story = toSecondMx.filter(isStoryEvent);
    expect(story.some((e) => e.type.startsWith("flow."))).toBe(false);
    const m = traceMessage(story, "u0-7");
    expect(routeHosts(m)).toEqual(["isp", "mail2", "gateway"]);
    const d = m.decisions.find((e) => e.type === "mta.delivered" && e.host === "isp")!;
    expect(sentence(d, "en", traceContext(m))).toContain("it is MX 20, not the preferred MX 10 gateway.example.gr.jp");
  });
});

describe("dots", () => {
  it("pairs start and end events into items of distinct kinds", () => {
    const p = emptyPending();
    const items = toSecondMx.map((e) => itemFrom(p, e)).filter((x): x is Item => x !== undefined);
    expect(items.map((i) => `${i.kind} ${i.from}>${i.to}`)).toEqual(["body isp>mail2", "smtp isp>mail2"]);
    expect(items[0].message).toBe("u0-7");
    const b = itemFrom(p, { t: 5, type: "smtp.connect", host: "gw", session: 9, server: "x", port: 25, mailFrom: "", rcpts: 1, bytes: 10, message: "dsn-1" });
    expect(b).toBeUndefined();
    expect(itemFrom(p, { t: 6, type: "smtp.end", host: "gw", session: 9, server: "x", stage: "done", code: 250, roundTrips: 5 })?.kind).toBe("bounce");
  });
  it("stays visible at least minWall seconds of wall time at any speed", () => {
    const it0: Item = { kind: "dns-query", from: "a", to: "b", t0: 10, t1: 10.06 };
    expect(progress(it0, 10.03, 1)).toBeCloseTo(0.03 / 0.8);
    expect(progress(it0, 10 + 400, 1000)).toBeCloseTo(0.5);
    expect(progress(it0, 9, 1000)).toBeUndefined();
    expect(prune([it0], 10 + 801, 1000)).toEqual([]);
    expect(prune([it0], 10 + 799, 1000)).toHaveLength(1);
  });
});

describe("counters, latency, series", () => {
  it("counts deliveries into mailboxes, deferrals, and latency from submission", () => {
    const c = emptyCounters(), l = emptyLatency();
    for (const e of toSecondMx) countEvent(c, l, e);
    expect(c).toMatchObject({ delivered: 1, deferred: 1, bounced: 0, rejected: 0 });
    expect(l.samples).toEqual([1901]);
  });
  it("counts a DISCARD by its recipients from mta.discarded, and every mta.refused as a rejection", () => {
    const c = emptyCounters(), l = emptyLatency();
    countEvent(c, l, { t: 1, type: "mta.discarded", host: "gateway", message: "s-1", client: "spammer", rcpts: ["a@x", "b@x"], why: "access db DISCARD" });
    countEvent(c, l, { t: 2, type: "mta.refused", host: "gateway", message: "", client: "spammer", stage: "rcpt", code: 550, enhanced: "5.7.1", policy: "access db REJECT" });
    expect(c).toMatchObject({ discarded: 2, rejected: 1 });
  });
  it("makes an empirical CDF ending at 1", () => {
    expect(cdf([3, 1, 2])).toEqual([{ x: 1, y: 1 / 3 }, { x: 2, y: 2 / 3 }, { x: 3, y: 1 }]);
    expect(cdf([])).toEqual([]);
    expect(cdf(Array.from({ length: 1000 }, (_, i) => i), 100).length).toBeLessThanOrEqual(101);
  });
  it("turns sample rows into chart series", () => {
    // b: one fresh message and two deferred ones; at 600 s a queue run has made both deferred ones active again.
    const rows: SampleRow[] = [{ t: 0, queues: [[0, 0, 0], [1, 2, 2]], util: [0, 0.5] }, { t: 600, queues: [[0, 0, 0], [3, 0, 2]], util: [0, 0.25] }];
    const q = queueSeries(rows, ["a", "b"]);
    expect(q.map((s) => `${s.name}${s.dashed ? "-" : ""}`)).toEqual(["a", "a-", "b", "b-"]);
    expect(q[2].points).toEqual([{ t: 0, v: 3 }, { t: 600, v: 3 }]); // solid: all queued (active + deferred)
    // Dashed: the retry backlog, which stays at 2 through the queue run (the deferred count would drop to 0: a comb).
    expect(q[3].points).toEqual([{ t: 0, v: 2 }, { t: 600, v: 2 }]);
    expect(utilSeries(rows, ["idle", "busy"]).map((s) => s.name)).toEqual(["busy"]);
    expect(totalQueue(rows)).toEqual([{ t: 0, v: 3 }, { t: 600, v: 3 }]);
  });
});

describe("log filter", () => {
  it("finds the same matches incrementally, as events come on screen and the window drops the oldest", () => {
    const f = { host: "", kind: "all" as const, message: "u0-7" };
    const whole = filterLog(toSecondMx, f, 100);
    const m = new LogMatches(f);
    // Display time moves in three steps; the page holds events from number `base` on.
    expect(m.advance(toSecondMx, 0, 100.2)).toBeGreaterThan(0);
    m.advance(toSecondMx, 0, 1000);
    expect(m.isAhead(100)).toBe(true);
    const base = 5; // the first five events were dropped from the page's window
    m.advance(toSecondMx.slice(base), base, Infinity);
    expect(m.newest(100)).toEqual(whole.indexes.filter((i) => i >= base));
    expect(m.total).toBe(whole.indexes.filter((i) => i >= base).length);
    expect(m.advance(toSecondMx.slice(base), base, Infinity)).toBe(0); // nothing new: nothing to do
  });

  it("filters by host, kind and message, newest last", () => {
    const all = filterLog(toSecondMx, { host: "", kind: "all", message: "" });
    expect(all.total).toBe(toSecondMx.length);
    const mail2 = filterLog(toSecondMx, { host: "mail2", kind: "mta", message: "" });
    expect(mail2.indexes.map((i) => toSecondMx[i].type)).toEqual(["mta.queued", "mta.delivered", "mta.deferred", "mta.queued"]);
    const byMsg = filterLog(toSecondMx, { host: "", kind: "smtp", message: "u0-7" });
    expect(byMsg.total).toBe(4); // connect, two replies (joined by session), end
    const limited = filterLog(toSecondMx, { host: "", kind: "all", message: "" }, 3);
    expect(limited.indexes).toEqual([13, 14, 15]);
    const onScreen = filterLog(toSecondMx, { host: "", kind: "all", message: "" }, 2, undefined, 1000);
    expect(onScreen.indexes).toEqual([11, 12]); // events after t = 1000 are computed but not yet shown
  });
  it("finds the MX fallbacks with the plans as context", () => {
    const plans = new Map([["isp|u0-7", (toSecondMx[3] as { candidates: string[] }).candidates]]);
    const r = filterLog(toSecondMx, { host: "", kind: "fallback", message: "" }, 10, { plan: (h, m) => plans.get(`${h}|${m}`) });
    expect(r.indexes.map((i) => toSecondMx[i].type)).toEqual(["mta.delivered"]);
  });
});

describe("timeline and formats", () => {
  it("speed slider is logarithmic and invertible", () => {
    expect(speedOf(0)).toBe(1);
    expect(speedOf(1000)).toBe(20000);
    for (const v of [1, 60, 600, 3600]) expect(Math.abs(speedOf(posOf(v)) - v) / v).toBeLessThan(0.02);
  });
  it("places fault markers as percentages", () => {
    expect(markers([{ at: 21600, until: 36000, label: "gateway down" }, { at: 90000, label: "late" }], 86400)).toEqual([
      { left: 25, width: (100 * 14400) / 86400, label: "gateway down" },
    ]);
  });
  it("formats simulated time", () => {
    expect(clock(21719.2)).toBe("06:01:59");
    expect(clock(90061)).toBe("1d 01:01:01");
    expect(span(0.06)).toBe("60ms");
  });
});
