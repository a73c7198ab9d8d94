import { describe, expect, it } from "vitest";
import { Kernel, TraceBus } from "../../sim/engine";
import { Network } from "../../sim/net";
import {
  compose, isPositive, messageBytes, REPLIES, replyFor, runSession, SmtpListeners,
  type Message, type ServerHooks, type SessionResult,
} from "../../sim/smtp";

const L = 0.02; // one-way latency, s
const B = 1e9; // 1 Gbps: command lines cost nanoseconds, so the timeline is in whole latencies

function world(opts: { pipelining?: boolean; users?: string[]; listen?: boolean } = {}) {
  const kernel = new Kernel();
  const bus = new TraceBus();
  const net = new Network(kernel, bus);
  net.addHost("client", { addrs: ["192.0.2.1"] });
  net.addHost("server", { addrs: ["192.0.2.2"] });
  net.addLink("client", "server", { bandwidth: B, latency: L });
  const listeners = new SmtpListeners(net);
  const accepted: Message[] = [];
  const users = new Set(opts.users ?? ["alice@example.jp", "bob@example.jp"]);
  const hooks: ServerHooks = {
    host: "server",
    extensions: () => ({ pipelining: opts.pipelining ?? false, size: 10_000_000 }),
    connect: () => replyFor("greeting", { host: "server" }),
    ehlo: () => REPLIES.ok,
    mail: () => REPLIES.senderOk,
    rcpt: (_s, to) => (users.has(to) ? REPLIES.recipientOk : replyFor("userUnknown", { rcpt: to })),
    data: () => REPLIES.startMailInput,
    endOfData: (_s, m) => {
      accepted.push(m);
      return replyFor("queued", { id: m.id });
    },
  };
  if (opts.listen !== false) listeners.listen("server", 25, hooks);
  return { kernel, bus, net, listeners, accepted };
}

const message = (rcpts: string[], bytes = 125_000): Message =>
  compose({ id: "m1", from: "carol@example.net", to: rcpts, at: 0, host: "example.net",
    body: { kind: "opaque", contentType: "text/plain", bytes, transfer: "8bit" } });

function session(w: ReturnType<typeof world>, m: Message, pipelining = true): SessionResult {
  let out: SessionResult | undefined;
  runSession(w, { client: "client", server: "server", helo: "client.example.net", message: m, pipelining }, (r) => (out = r));
  w.kernel.run();
  if (out === undefined) throw new Error("session never finished");
  return out;
}

describe("SMTP session timing", () => {
  it("without PIPELINING: (12 + 2n)·L + size·8/B, and 6 + n round trips", () => {
    const w = world();
    const m = message(["alice@example.jp", "bob@example.jp"]);
    const r = session(w, m, false);
    const n = 2;
    // connect 2L, greeting at the server 3L, EHLO 5L, MAIL 7L, RCPTs (7+2n)L, DATA (9+2n)L,
    // 354 back (10+2n)L, body latency + size/B, end-of-data reply back one L later.
    expect(r.end).toBeCloseTo((12 + 2 * n) * L + (messageBytes(m) * 8) / B, 4);
    expect(r.roundTrips).toBe(6 + n);
    expect(r.stage).toBe("done");
    expect(r.data?.code).toBe(250);
    expect(w.accepted).toHaveLength(1);
  });

  it("with PIPELINING (RFC 2920) MAIL, RCPTs and DATA share one round trip: 10·L + size·8/B, 5 round trips", () => {
    const w = world({ pipelining: true });
    const m = message(["alice@example.jp", "bob@example.jp"]);
    const r = session(w, m);
    expect(r.end).toBeCloseTo(10 * L + (messageBytes(m) * 8) / B, 4);
    expect(r.roundTrips).toBe(5);
  });

  it("the body is a flow: on a 1.5 Mbps line a 1 MB message takes its serialisation time", () => {
    const w = world({ pipelining: true });
    w.net.setBandwidth("client--server", 1.5e6);
    const m = message(["alice@example.jp"], 1_000_000);
    const r = session(w, m);
    const body = (messageBytes(m) * 8) / 1.5e6;
    // The command lines now cost something too, but under 10 ms in all.
    expect(r.end - (10 * L + body)).toBeGreaterThan(0);
    expect(r.end - (10 * L + body)).toBeLessThan(0.01);
  });
});

describe("SMTP session outcomes", () => {
  it("an unknown recipient gets 550 5.1.1; the others are delivered", () => {
    const w = world({ pipelining: true });
    const r = session(w, message(["alice@example.jp", "nobody@example.jp"]));
    expect(r.rcpt.map((x) => x?.code)).toEqual([250, 550]);
    expect(r.rcpt[1]?.enhanced).toBe("5.1.1");
    expect(r.data?.code).toBe(250);
    expect(w.accepted).toHaveLength(1);
  });

  it("all recipients refused: no DATA, the session fails with the first refusal", () => {
    const w = world({ pipelining: false });
    const r = session(w, message(["x@example.jp", "y@example.jp"]));
    expect(r.stage).toBe("rcpt");
    expect(r.failure?.enhanced).toBe("5.1.1");
    expect(w.accepted).toHaveLength(0);
  });

  it("a closed port is refused after one round trip with a local 4.4.1", () => {
    const w = world({ listen: false });
    const r = session(w, message(["alice@example.jp"]));
    expect(r.stage).toBe("connect");
    expect(r.failure).toMatchObject({ code: 421, enhanced: "4.4.1", local: true });
    expect(r.failure?.text).toMatch(/refused/);
    expect(r.end).toBeCloseTo(2 * L, 9);
  });

  it("a server host that is down times out after the connect timeout", () => {
    const w = world();
    w.net.setHostUp("server", false);
    const r = session(w, message(["alice@example.jp"]));
    expect(r.failure?.text).toMatch(/timed out/);
    expect(r.end).toBeCloseTo(75, 9);
  });

  it("a server that dies mid-dialogue: the client waits out the command's RFC 5321 timeout", () => {
    const w = world({ pipelining: false });
    // The server dies at 6L, after EHLO (5L) and before MAIL arrives (7L). The client sent MAIL at 6L
    // and waits the 5-minute MAIL timeout (RFC 5321 §4.5.3.2.2).
    w.kernel.at(6 * L, () => w.net.setHostUp("server", false));
    const r = session(w, message(["alice@example.jp"]));
    expect(r.stage).toBe("mail");
    expect(r.failure).toMatchObject({ code: 421, enhanced: "4.4.2", local: true });
    expect(r.end).toBeCloseTo(6 * L + 300, 4);
    expect(w.accepted).toHaveLength(0);
  });

  it("a greeting of 554 ends the session; a message over the advertised SIZE is never sent", () => {
    const w = world();
    const hooks = w.listeners.get("server", 25)!;
    w.listeners.listen("server", 25, { ...hooks, connect: () => replyFor("transactionFailed") });
    expect(session(w, message(["alice@example.jp"])).failure?.code).toBe(554);
    const w2 = world();
    const r = session(w2, message(["alice@example.jp"], 20_000_000));
    expect(r.failure).toMatchObject({ code: 552, enhanced: "5.3.4" });
    expect(r.bytes).toBeLessThan(1000); // the body never left
  });

  it("replies are real: every reply has an enhanced code whose class matches", () => {
    const w = world({ pipelining: true });
    const events: { code: number; enhanced: string | null }[] = [];
    w.bus.subscribe((e) => e.type === "smtp.reply" && events.push(e));
    session(w, message(["alice@example.jp", "nobody@example.jp"]));
    expect(events.map((e) => e.code)).toEqual([220, 250, 250, 250, 550, 354, 250]);
    for (const e of events) if (e.enhanced !== null) expect(Number(e.enhanced[0])).toBe(Math.floor(e.code / 100));
    expect(isPositive(REPLIES.ok)).toBe(true);
  });
});
