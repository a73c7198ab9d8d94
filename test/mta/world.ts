/**
 * A small mail world for MTA tests: hosts on one switch, MTAs with profiles, and a
 * static DNS table answering MX and A lookups (after 1 ms, and counted), so tests
 * can assert how many lookups a routing decision cost.
 */
import { Kernel, Ledger, RandomStreams, TraceBus, type TraceEvent } from "../../sim/engine";
import { Network } from "../../sim/net";
import { compose, RFC5321_TIMEOUTS, SmtpListeners, type Message } from "../../sim/smtp";
import {
  Mta, parseMailertable, resolveProfile, scheduleOf, type DnsLookup, type LookupResult, type MtaConfig, type ProfileName, type ProfileOverrides,
} from "../../sim/mta";

export interface DnsTable {
  mx?: Record<string, [number, string][]>;
  a: Record<string, string>;
}

export class StaticDns implements DnsLookup {
  readonly log: string[] = [];
  down = false;
  constructor(
    private readonly kernel: Kernel,
    public table: DnsTable,
  ) {}
  lookup(name: string, type: "MX" | "A", cb: (r: LookupResult) => void): void {
    this.log.push(`${type} ${name}`);
    const n = name.toLowerCase();
    let r: LookupResult;
    if (this.down) r = { rcode: "SERVFAIL", answers: [] };
    else if (type === "MX") {
      const mx = this.table.mx?.[n];
      if (mx !== undefined) r = { rcode: "NOERROR", answers: mx.map(([preference, exchange]) => ({ name: n, type: "MX", data: { preference, exchange } })) };
      else r = { rcode: this.table.a[n] !== undefined ? "NOERROR" : "NXDOMAIN", answers: [] };
    } else {
      const a = this.table.a[n];
      r = a !== undefined ? { rcode: "NOERROR", answers: [{ name: n, type: "A", data: a }] } : { rcode: this.table.mx?.[n] ? "NOERROR" : "NXDOMAIN", answers: [] };
    }
    this.kernel.schedule(0.001, () => cb(r));
  }
}

export interface HostSpec extends Partial<Omit<MtaConfig, "host" | "profile" | "retry" | "mailertable" | "timeouts">> {
  addr: string;
  profile?: ProfileName;
  /** Fields of the profile set otherwise (resolveProfile's overrides). */
  overrides?: ProfileOverrides;
  mailertable?: string;
}

export function world(hosts: Record<string, HostSpec>, dnsTable: DnsTable, seed = 1) {
  const kernel = new Kernel();
  const bus = new TraceBus();
  const net = new Network(kernel, bus);
  const ledger = new Ledger();
  const listeners = new SmtpListeners(net);
  const rng = new RandomStreams(seed);
  const dns = new StaticDns(kernel, dnsTable);
  const events: TraceEvent[] = [];
  bus.subscribe((e) => events.push(e));
  net.addHost("switch", { addrs: ["192.0.2.254"] });
  const mtas: Record<string, Mta> = {};
  for (const [name, h] of Object.entries(hosts)) {
    net.addHost(name, { addrs: [h.addr] });
    net.addLink(name, "switch", { bandwidth: 100e6, latency: 0.005 });
  }
  for (const [name, h] of Object.entries(hosts)) {
    const { addr: _addr, profile: profileName, overrides, mailertable, hostname, localDomains, ...rest } = h;
    const profile = resolveProfile(profileName ?? "postfix", overrides);
    mtas[name] = new Mta(
      { kernel, net, bus, listeners, ledger, dns, mxStream: rng.stream(`mta/${name}/mx`), statusStream: rng.stream(`mta/${name}/status`) },
      {
        ...rest, host: name, hostname: hostname ?? `${name}.example`, profile, retry: scheduleOf(profile.retry),
        localDomains: localDomains ?? [], mailertable: mailertable === undefined ? undefined : parseMailertable(mailertable).table,
        timeouts: RFC5321_TIMEOUTS,
      },
    );
  }
  let n = 0;
  const send = (at: number, via: string, from: string, to: string[], bytes = 2000): Message => {
    const m = compose({ id: `msg${++n}`, from, to, at, host: "example.net", subject: `test ${n}`,
      body: { kind: "opaque", contentType: "text/plain", bytes, transfer: "8bit" } });
    kernel.at(at, () => void mtas[via].submit(m));
    return m;
  };
  const of = <K extends TraceEvent["type"]>(type: K) => events.filter((e): e is Extract<TraceEvent, { type: K }> => e.type === type);
  return { kernel, bus, net, ledger, listeners, dns, mtas, events, send, of };
}
