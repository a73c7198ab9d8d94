import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSimulation, loadScenario, runSimulation } from "../../sim";
import { MessageLog, messagesCsv } from "../../sim/observe/message-log";
import { MessageStory } from "../../sim/observe/explain-message";
import { TimeSeries } from "../../sim/observe/metrics";
import { chartSvg, queueChart } from "../../sim/observe/svg-charts";

const ROOT = join(__dirname, "../..");

const SCENARIO = `name: two hosts
duration: 1h
hosts:
  net: { role: internet, addr: 192.0.2.1 }
  a: { role: mta, addr: 192.0.2.11, mta: { profile: postfix, hostname: a.example, domains: [a.example], mailboxes: [x] } }
  b: { role: mta, addr: 192.0.2.12, mta: { profile: sendmail, hostname: b.example, domains: [b.example], mailboxes: [y] } }
links:
  - { between: [net, a], bandwidth: 10Mbps, latency: 5ms }
  - { between: [net, b], bandwidth: 10Mbps, latency: 5ms }
traffic:
  - { kind: users, from: a, senders: [x@a.example], to: [y@b.example, nobody@b.example], recipients: 2, count: 5, size: 2KB }
`;

describe("messages.csv", () => {
  it("one row per message with its envelope, fate per recipient, attempts, hops and last code; bounces are rows too", () => {
    const sim = buildSimulation(loadScenario(SCENARIO, "t.yaml"));
    const log = new MessageLog(sim.bus);
    const { summary } = runSimulation(sim);
    const rows = log.rows(sim.ledger);
    expect(rows.reduce((n, r) => n + r.rcpts.length, 0)).toBe(summary.messages.injected); // every ledger item in one row
    const posts = rows.filter((r) => r.id.startsWith("u0-"));
    expect(posts.length).toBe(5);
    for (const r of posts) {
      expect(r).toMatchObject({ mailFrom: "x@a.example", fate: "bounced:1 delivered:1", hops: 2, attempts: 1, code: 550 });
      expect([...r.rcpts].sort()).toEqual(["nobody@b.example", "y@b.example"]);
    }
    const dsns = rows.filter((r) => r.id.startsWith("a-dsn-"));
    expect(dsns.length).toBe(5); // a bounces nobody@ (550 at RCPT) to x@a.example, locally
    for (const d of dsns) expect(d).toMatchObject({ rcpts: ["x@a.example"], fate: "delivered", hops: 1, attempts: 0 });
    const csv = messagesCsv(rows).split("\n");
    expect(csv[0]).toBe("id,mail_from,rcpts,recipients,injected,fate,time,attempts,hops,code");
    expect(csv[1]).toMatch(/^u0-1,x@a\.example,2,(y@b\.example nobody@b\.example|nobody@b\.example y@b\.example),0,bounced:1 delivered:1,0\.\d{3},1,2,550$/);
  });
});

describe("SVG charts (d3 scales and line paths, no DOM)", () => {
  it("maps the series onto the plot: the peak at the top of the y scale, one path point per sample", () => {
    const ts = new TimeSeries();
    const active = [0, 2, 8, 4, 0], deferred = [0, 0, 2, 1, 0];
    let i = 0;
    ts.gauge("queue.active:gw", () => active[i]);
    ts.gauge("queue.deferred:gw", () => deferred[i]);
    for (; i < 5; i++) ts.sample(i * 600);
    const c = queueChart(ts);
    expect(c.series).toEqual([{ name: "gw", values: [0, 2, 10, 5, 0] }]);
    const svg = chartSvg(c);
    const d = /<path d="([^"]+)"/.exec(svg)![1];
    const pts = d.slice(1).split("L").map((p) => p.split(",").map(Number));
    expect(pts.length).toBe(5);
    expect(pts[0]).toEqual([60, 280]); // (t0, 0): left edge, bottom of the plot
    expect(pts[2][1]).toBe(34); // 10 is the nice() top of [0, 10]: top margin
    expect(pts[4][0]).toBe(580); // last sample at the right edge
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
  });
});

describe("explain", () => {
  it("tells a message's story: injection, routing with its why, SMTP replies, the bounce and its notice", () => {
    const sim = buildSimulation(loadScenario(SCENARIO, "t.yaml"));
    const story = new MessageStory(sim, "u0-2");
    runSimulation(sim);
    const text = story.text().join("\n");
    expect(text).toMatch(/injected by workload 0\/users: MAIL FROM:<x@a\.example> RCPT TO: <y@b\.example> <nobody@b\.example>/);
    expect(text).toMatch(/route <y@b\.example>: mx — /);
    expect(text).toMatch(/b at rcpt: 550 5\.1\.1/);
    expect(text).toMatch(/bounced nobody@b\.example: 550 5\.1\.1 .*; notice a-dsn-\d+ sent/);
    expect(text).toMatch(/delivered y@b\.example into mailbox:y\n.*Return-Path: <x@a\.example>\n.*Received: from a\.example/);
    expect(text).toMatch(/delivered x@a\.example into mailbox:x/); // the notice, followed to its delivery
  });

  it("mxsim run --out --trace --svg writes the report files; events.jsonl has every trace event", () => {
    const dir = mkdtempSync(join(tmpdir(), "mxsim-reports-"));
    const r = spawnSync(process.execPath, [join(ROOT, "bin/mxsim.js"), "run", "line-saturation", "--json", "--out", dir, "--trace", "--svg"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    const events = readFileSync(join(dir, "events.jsonl"), "utf8").trim().split("\n");
    expect(events.length).toBe(summary.traceEvents);
    expect(JSON.parse(events[0])).toHaveProperty("t");
    expect(readFileSync(join(dir, "utilisation.svg"), "utf8")).toContain("<path d=\"M");
    expect(readFileSync(join(dir, "messages.csv"), "utf8").split("\n")[0]).toBe("id,mail_from,rcpts,recipients,injected,fate,time,attempts,hops,code");
    const bad = spawnSync(process.execPath, [join(ROOT, "bin/mxsim.js"), "run", "line-saturation", "--svg"], { cwd: ROOT, encoding: "utf8" });
    expect(bad.status).toBe(2);
  });
});
