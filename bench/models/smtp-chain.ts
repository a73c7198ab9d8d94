/**
 * The store-and-forward chain of engine-relay, built from mxsim's real parts: three
 * MTAs in series, each relaying by SMART_HOST [next] over a 1.5 Mbps line with real
 * SMTP sessions (PIPELINING, replies, Received: lines), real queue managers and at
 * most 4 deliveries at once per relay; the last hop delivers into a mailbox.
 *
 * The line is shared max-min by the relay's concurrent sessions, so one relay's
 * capacity is the line's: 187,500 B/s / E[size]. Arrivals are Poisson at `load`
 * times that.
 */
import { Kernel, Ledger, RandomStreams, TraceBus } from "../../sim/engine";
import { Network } from "../../sim/net";
import { compose, RFC5321_TIMEOUTS, SmtpListeners } from "../../sim/smtp";
import { Mta, resolveProfile, scheduleOf, type DnsLookup } from "../../sim/mta";

export interface SmtpChainParams {
  messages: number;
  relays: number;
  slots: number;
  lineBps: number;
  latency: number;
  medianSize: number;
  sigma: number;
  load: number;
  seed?: number;
}

export const SMTP_CHAIN_DEFAULTS: SmtpChainParams = {
  messages: 100_000, relays: 3, slots: 4, lineBps: 1.5e6, latency: 0.01, medianSize: 10_000, sigma: 1.0, load: 0.8,
};

const noDns: DnsLookup = {
  lookup() {
    throw new Error("the chain routes by address literals and needs no DNS");
  },
};

export function smtpChain(p: SmtpChainParams) {
  const kernel = new Kernel();
  const bus = new TraceBus();
  const net = new Network(kernel, bus);
  const ledger = new Ledger();
  const listeners = new SmtpListeners(net);
  const rng = new RandomStreams(p.seed ?? 1);
  const addr = (i: number): string => `10.0.${i}.1`;
  // relay0 .. relay{n-1}, then the mailbox host.
  const names = [...Array.from({ length: p.relays }, (_, i) => `relay${i}`), "mailbox"];
  names.forEach((n, i) => net.addHost(n, { addrs: [addr(i)] }));
  for (let i = 0; i + 1 < names.length; i++) net.addLink(names[i], names[i + 1], { bandwidth: p.lineBps, latency: p.latency });
  const base = resolveProfile("postfix");
  const profile = { ...base, concurrency: { kind: "global" as const, remote: p.slots, local: p.slots } };
  const mtas = names.map((n, i) => new Mta(
    { kernel, net, bus, listeners, ledger, dns: noDns, mxStream: rng.stream(`mta/${n}/mx`), statusStream: rng.stream(`mta/${n}/status`) },
    {
      host: n, hostname: `${n}.example`, profile, retry: scheduleOf(profile.retry), timeouts: RFC5321_TIMEOUTS,
      localDomains: n === "mailbox" ? ["example.jp"] : [], mailboxes: n === "mailbox" ? "any" : undefined,
      smartHost: i + 1 < names.length ? `[${addr(i + 1)}]` : undefined,
      localRelay: i + 1 < names.length ? `[${addr(i + 1)}]` : undefined,
      relayClients: ["10.0.0.0/16"],
    },
  ));
  const sizes = rng.stream("traffic/sizes");
  const arrivals = rng.stream("traffic/arrivals");
  const meanSize = p.medianSize * Math.exp((p.sigma * p.sigma) / 2);
  const rate = (p.load * p.lineBps) / 8 / meanSize;
  let injected = 0;
  const inject = (): void => {
    const id = `m${injected++}`;
    const m = compose({ id, from: "sender@example.net", to: ["user@example.jp"], at: kernel.now, host: "example.net",
      body: { kind: "opaque", contentType: "text/plain", bytes: Math.round(sizes.lognormal(p.medianSize, p.sigma)), transfer: "8bit" } });
    mtas[0].submit(m);
    if (injected < p.messages) kernel.schedule(arrivals.exponential(rate), inject);
  };
  kernel.schedule(arrivals.exponential(rate), inject);
  const r = kernel.run();
  const box = mtas[mtas.length - 1].mailboxes;
  const balance = ledger.balance();
  return { delivered: box.totalMessages, events: r.events, lost: balance.lost, simTime: kernel.now, balance };
}
