/**
 * A callback is never invoked from within the call that registers it (sim/engine's
 * rule): each registration below either returns what it knows at once, without
 * calling the callback, or calls it only after the registering call has returned.
 */
import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../sim/engine";
import { compose, RFC5321_TIMEOUTS, type ServerSession } from "../../sim/smtp";
import {
  Concurrency, deliverChunk, DirectoryRouter, DirectoryServer, HostStatus, knownPlan, MailboxStore, mtaServer, planHops, resolveProfile,
  type ChunkOutcome, type DeliveryEnv, type HopPlan, type MxOptions, type ServerContext,
} from "../../sim/mta";
import { dnsblPolicy } from "../../sim/mta/policy/dnsbl-policy";
import { mimeNestingLimit } from "../../sim/mta/policy/limits";
import { world } from "./world";

const dns = {
  mx: { "example.org": [[10, "mx.example.org"]] as [number, string][] },
  a: { "a.example.net": "192.0.2.1", "mx.example.org": "192.0.2.2" },
};
const hosts = () => ({
  a: { addr: "192.0.2.1", hostname: "a.example.net", localDomains: ["example.net"], mailboxes: "any" as const },
  mx: { addr: "192.0.2.2", hostname: "mx.example.org", localDomains: ["example.org"], mailboxes: "any" as const },
});

/** Calls of a callback, and whether the registering call had returned by then. */
function probe<T>() {
  const calls: { value: T; afterReturn: boolean }[] = [];
  let returned = false;
  return {
    calls,
    cb: (value: T): void => void calls.push({ value, afterReturn: returned }),
    returned: () => (returned = true),
  };
}

describe("Concurrency: the caller asks for a slot before it registers anything", () => {
  it("a free slot is taken by tryAcquire and no start function is involved", () => {
    const c = new Concurrency({ kind: "global", remote: 1, local: 1 });
    expect(c.tryAcquire("example.org")).toBe(true);
    expect(c.running).toBe(1);
    expect(c.tryAcquire("example.net")).toBe(false);
  });

  it("a waiting delivery starts from the release of the slot it waits for, never from wait itself", () => {
    const c = new Concurrency({ kind: "global", remote: 1, local: 1 });
    c.tryAcquire("example.org");
    const p = probe<void>();
    c.wait("example.net", p.cb);
    p.returned();
    expect(p.calls).toEqual([]);
    expect(c.queued).toBe(1);
    c.release("example.org", true);
    expect(p.calls).toEqual([{ value: undefined, afterReturn: true }]);
    expect(c.running).toBe(1);
  });

  it("nobody overtakes a waiting delivery, even where the destination's own window has room (FIFO)", () => {
    const c = new Concurrency({ kind: "global", remote: 1, local: 1 });
    c.tryAcquire("example.org");
    c.wait("example.net", () => {});
    c.release("example.org", true); // example.net now holds the one slot
    expect(c.tryAcquire("example.org")).toBe(false);
  });
});

describe("next hops: the caller takes a plan that needs no DNS, and planHops answers only after it returned", () => {
  const opts = (): MxOptions => ({ equalPreference: "hash", hashSeed: 0, cnameInMx: "follow", maxAddresses: 5 });

  it("an address literal route, [192.0.2.2]: knownPlan has it, no lookup", () => {
    const w = world(hosts(), dns);
    expect(knownPlan([{ host: "192.0.2.2", mxLookup: false }])).toMatchObject({ kind: "deliver", candidates: [{ address: "192.0.2.2" }] });
    expect(knownPlan([{ host: "192.0.2.2", mxLookup: false }, { host: "192.0.2.3", mxLookup: false }]))
      .toMatchObject({ kind: "deliver", candidates: [{ address: "192.0.2.2" }, { address: "192.0.2.3" }] });
    expect(w.dns.log).toEqual([]);
  });

  it("planHops refuses a route that needs no DNS rather than answer inside the call", () => {
    const w = world(hosts(), dns);
    const p = probe<HopPlan>();
    expect(() => planHops(w.dns, [{ host: "192.0.2.2", mxLookup: false }], opts(), p.cb)).toThrow(/knownPlan/);
    expect(p.calls).toEqual([]);
  });

  it("an MX route: no known plan; planHops' plan comes after the lookups (MX, then the exchanger's A)", () => {
    const w = world(hosts(), dns);
    const route = [{ host: "example.org", mxLookup: true }];
    expect(knownPlan(route)).toBeNull();
    const p = probe<HopPlan>();
    planHops(w.dns, route, opts(), p.cb);
    p.returned();
    expect(p.calls).toEqual([]);
    w.kernel.run();
    expect(p.calls).toHaveLength(1);
    expect(p.calls[0].afterReturn).toBe(true);
    expect(p.calls[0].value).toMatchObject({ kind: "deliver", candidates: [{ host: "mx.example.org", address: "192.0.2.2" }] });
    expect(w.dns.log).toEqual(["MX example.org", "A mx.example.org"]);
  });

  it("a literal then a name: the name's lookup decides, and done hears both hosts' candidates in order", () => {
    const w = world(hosts(), dns);
    const route = [{ host: "192.0.2.9", mxLookup: false }, { host: "mx.example.org", mxLookup: false }];
    expect(knownPlan(route)).toBeNull();
    const p = probe<HopPlan>();
    planHops(w.dns, route, opts(), p.cb);
    p.returned();
    w.kernel.run();
    expect(p.calls.map((c) => c.afterReturn)).toEqual([true]);
    expect(p.calls[0].value).toMatchObject({ kind: "deliver", candidates: [{ address: "192.0.2.9" }, { address: "192.0.2.2" }] });
  });
});

describe("deliverChunk: an outcome known before any session is returned, else heard from a kernel event", () => {
  const env = (w: ReturnType<typeof world>, status: HostStatus): DeliveryEnv => ({
    kernel: w.kernel, net: w.net, bus: w.bus, listeners: w.listeners, host: "a", helo: "a.example.net", profile: resolveProfile("sendmail"),
    hostStatus: status, timeouts: RFC5321_TIMEOUTS,
  });
  /** A message handed to the delivery directly (not through a queue), entered in the run's ledger. */
  const message = (w: ReturnType<typeof world>) => {
    const m = compose({ id: "direct", from: "u@example.net", to: ["x@example.org"], at: 0, host: "example.net", subject: "direct",
      body: { kind: "opaque", contentType: "text/plain", bytes: 2000, transfer: "8bit" } });
    w.ledger.enter(m.id, "x@example.org");
    return m;
  };

  it("every candidate remembered down (sendmail's host status cache): all deferred, returned, done never called", () => {
    const w = world(hosts(), dns);
    const status = new HostStatus({ kind: "host-status", ttl: 1800 }, new RandomStreams(1).stream("status"));
    status.failure("192.0.2.2", 0, "refused");
    const p = probe<ChunkOutcome>();
    const out = deliverChunk(env(w, status), message(w), ["x@example.org"], [{ host: "mx.example.org", preference: 10, address: "192.0.2.2" }], p.cb);
    p.returned();
    expect(out?.deferred.map((d) => [d.rcpt, d.exhausted, d.reply.text])).toEqual([
      ["x@example.org", true, "mx.example.org[192.0.2.2]: host status: down (remembered failure)"],
    ]);
    expect(out?.sessions).toBe(0);
    w.kernel.run();
    expect(p.calls).toEqual([]);
  });

  it("a candidate that may be tried: null now, the session's outcome later", () => {
    const w = world(hosts(), dns);
    const status = new HostStatus({ kind: "host-status", ttl: 1800 }, new RandomStreams(1).stream("status"));
    const p = probe<ChunkOutcome>();
    const m = message(w);
    expect(deliverChunk(env(w, status), m, ["x@example.org"], [{ host: "mx.example.org", preference: 10, address: "192.0.2.2" }], p.cb)).toBeNull();
    p.returned();
    expect(p.calls).toEqual([]);
    w.kernel.run();
    expect(p.calls).toHaveLength(1);
    expect(p.calls[0].afterReturn).toBe(true);
    expect(p.calls[0].value.delivered.map((d) => d.rcpt)).toEqual(["x@example.org"]);
  });
});

describe("DirectoryRouter.routes: nothing to ask is answered at once, a lookup after the call", () => {
  const router = (w: ReturnType<typeof world>) => {
    w.net.addHost("ldap", { addrs: ["192.0.2.30"] });
    w.net.addLink("ldap", "switch", { bandwidth: 100e6, latency: 0.005 });
    return new DirectoryRouter(w, "a", { domains: ["example.org"], servers: [new DirectoryServer("ldap", new Map([["x", "mx.example.org"]]))], timeout: 5 });
  };

  it("no recipient in a routed domain: the empty routes returned, done never called", () => {
    const w = world(hosts(), dns);
    const p = probe<ReadonlyMap<string, unknown>>();
    const found = router(w).routes(["u@example.net"], p.cb);
    w.kernel.run();
    expect(found?.size).toBe(0);
    expect(p.calls).toEqual([]);
  });

  it("a routed recipient: null now, its route from the directory's answer", () => {
    const w = world(hosts(), dns);
    const p = probe<ReadonlyMap<string, unknown>>();
    expect(router(w).routes(["x@example.org"], p.cb)).toBeNull();
    p.returned();
    expect(p.calls).toEqual([]);
    w.kernel.run();
    expect(p.calls.map((c) => c.afterReturn)).toEqual([true]);
    expect(p.calls[0].value.get("x@example.org")).toMatchObject({ kind: "relay", hosts: [{ host: "mx.example.org" }] });
  });

  it("a router with no directory server is refused when it is made", () => {
    const w = world(hosts(), dns);
    expect(() => new DirectoryRouter(w, "a", { domains: ["example.org"], servers: [], timeout: 5 })).toThrow(/no directory server/);
  });
});

describe("SMTP server preparations: a stage with no work says so, and work ends in a later event", () => {
  const session = (): ServerSession => ({ id: 1, server: "mx", client: "a", clientAddr: "192.0.2.1", heloName: "", mailFrom: null, rcpts: [], policy: {} });
  const setup = () => {
    const w = world(hosts(), { ...dns, a: { ...dns.a } });
    const penv = { kernel: w.kernel, bus: w.bus, host: "mx" };
    const lookup = { lookup: (_n: string, _t: "A" | "TXT", cb: (r: { rcode: string; answers: [] }) => void) => w.kernel.schedule(0.01, () => cb({ rcode: "NXDOMAIN", answers: [] })) };
    const dnsbl = dnsblPolicy({ zones: ["rbl.example.net"], onFailure: "ignore", only127: true, replyAt: "rcpt", style: "postfix" }, lookup, penv);
    const mime = mimeNestingLimit(10, 0.5, penv);
    const ctx: ServerContext = {
      host: "mx", hostname: "mx.example.org", profile: resolveProfile("postfix"), localDomains: ["example.org"], mailboxes: new MailboxStore("any"),
      hasMailboxes: true, relayDomains: [], relayClients: [], spoolLimit: 0, spoolUsed: () => 0, enqueue: () => "", refused: () => {},
    };
    const hooks = mtaServer(ctx, () => [dnsbl, mime]);
    return { w, dnsbl, mime, hooks };
  };

  it("the DNSBL check has nothing to do at end of data, the MIME scan nothing at connect: false, ready never called", () => {
    const { w, dnsbl, mime } = setup();
    const p = probe<void>();
    expect(dnsbl.prepare!(session(), "dot", p.cb, w.send(0, "a", "u@example.net", ["x@example.org"]))).toBe(false);
    expect(mime.prepare!(session(), "connect", p.cb)).toBe(false);
    w.kernel.run();
    expect(p.calls).toEqual([]);
  });

  it("the server's chain at connect: the DNSBL lookup runs, then ready, after prepare returned", () => {
    const { w, hooks } = setup();
    const p = probe<void>();
    expect(hooks.prepare!(session(), "connect", p.cb)).toBe(true);
    p.returned();
    expect(p.calls).toEqual([]);
    w.kernel.run();
    expect(p.calls).toEqual([{ value: undefined, afterReturn: true }]);
    expect(w.kernel.now).toBeCloseTo(0.01, 9); // the lookup's time, and no scan at connect
  });

  it("the server's chain at end of data: the scan's CPU time passes before ready", () => {
    const { w, hooks } = setup();
    const m = w.send(0, "a", "u@example.net", ["x@example.org"]);
    const p = probe<void>();
    w.kernel.run();
    const t0 = w.kernel.now;
    expect(hooks.prepare!(session(), "dot", p.cb, m)).toBe(true);
    p.returned();
    expect(p.calls).toEqual([]);
    w.kernel.run();
    expect(p.calls).toEqual([{ value: undefined, afterReturn: true }]);
    expect(w.kernel.now - t0).toBeCloseTo(0.5, 9); // one part scanned at 0.5 s
  });
});
