/**
 * What validates runs: each input here once passed `mxsim validate` and then crashed the
 * run (found by the fuzz campaign, test/fuzz). Each is now refused at load time, at the
 * field, with its line and column — and the unmutated scenario still runs.
 */
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { loadScenario, run, ScenarioError } from "../../sim";

type Doc = Record<string, unknown> & { hosts: Record<string, Record<string, unknown>>; traffic: Record<string, unknown>[] };

/** Two MTAs on one link, a resolver, a user workload: small enough to run in milliseconds. */
function base(): Doc {
  return {
    name: "small", duration: "10m",
    zones: { "example.org": "$TTL 300\n@ IN SOA ns h 1 3600 900 604800 300\n@ IN NS ns\n@ IN MX 10 mx\nns IN A 192.0.2.53\nmx IN A 192.0.2.25\n" },
    hosts: {
      ns: { role: "dns", addr: "192.0.2.53", zones: ["example.org"] },
      named: { role: "resolver", addr: "192.0.2.54" },
      relay: { role: "mta", addr: "192.0.2.10", mta: { profile: "postfix", hostname: "relay.example.net", domains: ["example.net"] } },
      mx: { role: "mta", addr: "192.0.2.25", mta: { profile: "sendmail", hostname: "mx.example.org", domains: ["example.org"], mailboxes: "any" } },
    },
    links: [
      { between: ["relay", "mx"], bandwidth: "10Mbps", latency: "5ms" },
      { between: ["relay", "named"], bandwidth: "10Mbps", latency: "1ms" },
      { between: ["named", "ns"], bandwidth: "10Mbps", latency: "1ms" },
    ],
    traffic: [{ kind: "users", from: "relay", senders: ["a@example.net"], to: ["b@example.org"], rate: "1/min", size: "5KB" }],
  };
}

/** Loading the mutated base fails with a positioned problem at `path` whose text (message and expectation) matches. */
function refused(mutate: (d: Doc) => void, path: string, message: RegExp): void {
  const d = base();
  mutate(d);
  let err: unknown;
  try {
    loadScenario(stringify(d), "small.yaml");
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ScenarioError);
  const p = (err as ScenarioError).problems.find((x) => x.path.join(".") === path);
  expect(p, `a problem at ${path}; got ${(err as ScenarioError).problems.map((x) => `${x.path.join(".")}: ${x.message}`).join("; ")}`).toBeDefined();
  expect(`${p?.message} (${p?.expected ?? ""})`).toMatch(message);
  expect(p?.line).toBeGreaterThan(1);
  expect(p?.col).toBeGreaterThan(0);
}

describe("what validates runs", () => {
  it("the base scenario runs, with the balance holding", () => {
    const out = run(loadScenario(stringify(base()), "small.yaml"));
    expect(out.summary.messages.delivered).toBeGreaterThan(0);
    expect(out.summary.messages.lost).toBe(0);
  });
  it("two hosts with one address", () => refused((d) => (d.hosts.mx.addr = "192.0.2.10"), "hosts.mx.addr", /already the address of relay/));
  it("a static route that visits a host twice", () => refused((d) => (d.routes = [{ from: "relay", to: "ns", via: ["relay", "named", "relay", "named", "ns"] }]), "routes.0.via.2", /visits relay twice/));
  it("a static route over hosts with no link between them", () => refused((d) => (d.routes = [{ from: "relay", to: "ns", via: ["relay", "ns"] }]), "routes.0.via.1", /no link between relay and ns/));
  it("a firewall prefix with octets out of range", () => refused((d) => (d.hosts.mx.firewall = [{ action: "allow", proto: "tcp", src: "300.1.2.3/40", dport: 25 }]), "hosts.mx.firewall.0.src", /not a CIDR prefix/));
  it("a firewall rule from any source runs", () => {
    const d = base();
    d.hosts.mx.firewall = [{ action: "allow", proto: "tcp", src: "any", dport: 25 }, { action: "deny-drop", proto: "any", src: "any" }];
    const out = run(loadScenario(stringify(d), "small.yaml"));
    expect(out.summary.messages.delivered).toBeGreaterThan(0);
    expect(out.summary.messages.lost).toBe(0);
  });
  it("a spam run whose target domains repeat names each guessed address once per message", () => {
    const d = base();
    d.hosts.spammer = { role: "spammer", addr: "192.0.2.66" };
    (d.links as unknown[]).push({ between: ["spammer", "relay"], bandwidth: "10Mbps", latency: "5ms" });
    (d.hosts.relay.mta as Record<string, unknown>).openRelay = true;
    d.traffic.push({ kind: "spam", from: "spammer", relay: "relay", forgedDomains: ["f.example"], targetDomains: ["example.org", "example.org"],
      recipients: 10, addressSpace: 5, count: 20, rate: "1/s" });
    const out = run(loadScenario(stringify(d), "small.yaml"));
    expect(out.summary.messages.lost).toBe(0);
  });
  it("relayClients that is no CIDR prefix", () => refused((d) => ((d.hosts.relay.mta as Record<string, unknown>).relayClients = ["10.0.0.0/NaN"]), "hosts.relay.mta.relayClients.0", /not a CIDR prefix/));
  it("a DNSBL check on a host with no resolver", () => {
    refused((d) => {
      delete d.hosts.named;
      d.links = (d.links as { between: string[] }[]).filter((l) => !l.between.includes("named"));
      (d.hosts.mx.mta as Record<string, unknown>).dnsblCheck = { zones: ["rbl.example"] };
    }, "hosts.mx.mta.dnsblCheck", /no resolver to ask/);
  });
  it("a smart host that is no host name", () => refused((d) => ((d.hosts.relay.mta as Record<string, unknown>).smartHost = "$TTL 3600\n@ IN SOA"), "hosts.relay.mta.smartHost", /not a host name/));
  it("a size distribution with an infinite mean", () => refused((d) => (d.traffic[0].size = "lognormal(6KB, 1000)"), "traffic.0.size", /mean infinity/));
  it("a quantity that reads as Infinity", () => refused((d) => ((d.links as Record<string, unknown>[])[0].bandwidth = "1e400Gbps"), "links.0.bandwidth", /finite/));
  it("a billion transfers at once", () => refused((d) => d.traffic.push({ kind: "transfers", from: "relay", to: "mx", count: 999999999999, size: "1KB" }), "traffic.1.count", /all at once/));
  it("a poll workload whose client is a name on the object prototype", () => {
    refused((d) => d.traffic.push({ kind: "poll", mailbox: "mx", client: "constructor", users: 2, every: "10m" }), "traffic.1.client", /unknown host "constructor"/);
  });
  it("a duration with a sampling interval that would take ten billion samples", () => refused((d) => { d.duration = 999999999999; d.sampleEvery = "1m"; }, "duration", /at most/));
  it("a sampling interval that leaves more than a million samples", () => refused((d) => { d.duration = "30d"; d.sampleEvery = "1s"; }, "sampleEvery", /samples/));
  it("a million-address spam run's guessed space times its domains", () => {
    refused((d) => d.traffic.push({ kind: "spam", from: "mx", relay: "relay", forgedDomains: ["f.example"], targetDomains: ["example.org", "example.com"], addressSpace: 9_000_000, rate: "1/min" }), "traffic.1.addressSpace", /domains/);
  });
});
