/**
 * From a route to the addresses to try: the DNS part of delivery (S3).
 *
 * Delivering to user@example.gr.jp needs the domain's MX records and then the
 * address of each exchanger (RFC 5321 §5.1). The MTA asks its stub resolver, one
 * lookup after another as sendmail's getmxrr() and Postfix's smtp_addr.c do: the
 * MX first, then an A lookup per exchanger. With a local caching named that kept
 * the additional section of the MX answer, those A lookups are answered from its
 * cache (S4) — the difference shows in the resolver's query counters, not here.
 *
 * A `[host]` route (mailertable `smtp:[host]`, SMART_HOST `[host]`) skips the MX
 * lookup: only host's own address is looked up.
 */
import type { Reply } from "../smtp";
import { normalizeDomain, replyFor } from "../smtp";
import { selectMx, type AddressAnswer, type MxAnswer, type MxCandidate, type MxOptions } from "./mx";
import type { RouteHost } from "./mailertable";

/** The slice of a stub resolver the MTA needs (sim/dns StubResolver satisfies it). */
export interface DnsLookup {
  lookup(name: string, type: "MX" | "A", cb: (r: LookupResult) => void): void;
}

export interface LookupResult {
  rcode: string;
  answers: readonly { readonly name: string; readonly type: string; readonly data: unknown }[];
}

export type HopPlan =
  | { readonly kind: "deliver"; readonly candidates: readonly MxCandidate[]; readonly notes: readonly string[] }
  /** `temporary`: a DNS failure worth retrying (and the FallbackMX case, S21). */
  | { readonly kind: "fail"; readonly reply: Reply; readonly temporary: boolean; readonly notes: readonly string[] };

const norm = normalizeDomain;

function mxAnswer(r: LookupResult): MxAnswer {
  if (r.rcode === "NXDOMAIN") return { kind: "nxdomain" };
  if (r.rcode !== "NOERROR") return { kind: "tempfail" };
  const records = r.answers
    .filter((a) => a.type === "MX")
    .map((a) => {
      const d = a.data as { preference: number; exchange: string };
      return { preference: d.preference, exchange: d.exchange };
    });
  return records.length > 0 ? { kind: "mx", records } : { kind: "nodata" };
}

function addressAnswer(name: string, r: LookupResult): AddressAnswer {
  if (r.rcode === "NXDOMAIN") return { kind: "nxdomain" };
  if (r.rcode !== "NOERROR") return { kind: "tempfail" };
  const addrs = r.answers.filter((a) => a.type === "A").map((a) => String(a.data));
  const cname = r.answers.find((a) => a.type === "CNAME" && norm(a.name) === norm(name));
  if (cname !== undefined) return { kind: "cname", target: norm(String(cname.data)), addrs };
  return addrs.length > 0 ? { kind: "a", addrs } : { kind: "nodata" };
}

/**
 * Look up `names` (at least one) one after the other; `done` gets the answers by
 * name, from the last lookup's answer.
 */
function addressesOf(dns: DnsLookup, names: readonly string[], done: (m: Map<string, AddressAnswer>) => void): void {
  const out = new Map<string, AddressAnswer>();
  const step = (i: number): void => {
    if (i === names.length) return done(out);
    const n = norm(names[i]);
    if (out.has(n)) return step(i + 1);
    dns.lookup(n, "A", (r) => {
      out.set(n, addressAnswer(n, r));
      step(i + 1);
    });
  };
  step(0);
}

const IPV4_LITERAL = /^\d{1,3}(\.\d{1,3}){3}$/;
const literalPlans = new Map<string, HopPlan>();

/** The plan for an address literal, `[192.0.2.1]` (RFC 5321 §4.1.3): no DNS at all; undefined for any other host. */
function literalPlan(h: RouteHost): HopPlan | undefined {
  if (h.mxLookup || !IPV4_LITERAL.test(h.host)) return undefined;
  // Plans are immutable, so one per literal.
  let plan = literalPlans.get(h.host);
  if (plan === undefined) {
    plan = { kind: "deliver", candidates: [{ host: h.host, preference: 0, address: h.host }], notes: [`[${h.host}]: an address literal, no DNS`] };
    literalPlans.set(h.host, plan);
  }
  return plan;
}

/** Candidates for one route host that needs DNS; `done` hears them from a lookup's answer. */
function lookUpOne(dns: DnsLookup, h: RouteHost, opts: MxOptions, done: (p: HopPlan) => void): void {
  if (!h.mxLookup) {
    addressesOf(dns, [h.host], (m) => {
      const a = m.get(norm(h.host))!;
      if (a.kind === "a" || a.kind === "cname") {
        done({ kind: "deliver", candidates: a.addrs.map((address) => ({ host: norm(h.host), preference: 0, address })),
          notes: [`[${h.host}]: no MX lookup, address ${a.addrs.join(", ")}`] });
      } else if (a.kind === "tempfail") {
        done({ kind: "fail", reply: replyFor("dnsFailure", { domain: h.host }), temporary: true, notes: [`address lookup for ${h.host} failed temporarily`] });
      } else {
        done({ kind: "fail", reply: replyFor("hostUnknown", { domain: h.host }), temporary: false, notes: [`${h.host} has no address (${a.kind})`] });
      }
    });
    return;
  }
  dns.lookup(h.host, "MX", (r) => {
    const mx = mxAnswer(r);
    const names = mx.kind === "mx" ? mx.records.map((x) => x.exchange).filter((x) => norm(x) !== "") : mx.kind === "nodata" ? [h.host] : [];
    const select = (answers: ReadonlyMap<string, AddressAnswer>): void => {
      const plan = selectMx(h.host, mx, (n) => answers.get(norm(n)) ?? { kind: "tempfail" }, opts);
      if (plan.kind === "deliver") done({ kind: "deliver", candidates: plan.candidates, notes: plan.notes });
      else done({ kind: "fail", reply: plan.reply, temporary: plan.reply.code < 500, notes: plan.notes });
    };
    if (names.length === 0) select(new Map());
    else addressesOf(dns, names, select);
  });
}

/**
 * One plan from each route host's, in order (a mailertable entry may list several):
 * their candidates and notes together; the first permanent failure wins only if no
 * host gave candidates, and a temporary one before it.
 */
function combine(plans: readonly HopPlan[]): HopPlan {
  if (plans.length === 1) return plans[0];
  const candidates: MxCandidate[] = [];
  const notes: string[] = [];
  let firstFail: HopPlan | null = null;
  for (const p of plans) {
    notes.push(...p.notes);
    if (p.kind === "deliver") candidates.push(...p.candidates);
    else if (firstFail === null || (p.temporary && firstFail.kind === "fail" && !firstFail.temporary)) firstFail = p;
  }
  if (candidates.length > 0) return { kind: "deliver", candidates, notes };
  return firstFail ?? { kind: "fail", reply: replyFor("unroutable", { domain: "(none)" }), temporary: false, notes };
}

/** The plan for a route whose hosts need no DNS (address literals only), or null when one of them does. */
export function knownPlan(hosts: readonly RouteHost[]): HopPlan | null {
  if (hosts.length === 1) return literalPlan(hosts[0]) ?? null;
  const plans: HopPlan[] = [];
  for (const h of hosts) {
    const p = literalPlan(h);
    if (p === undefined) return null;
    plans.push(p);
  }
  return combine(plans);
}

/**
 * Candidates for a route's hosts that need DNS ({@link knownPlan} gave null): the
 * lookups run one host after another, and `done(plan)` hears the plan from the
 * last lookup's answer, never from within this call.
 */
export function planHops(dns: DnsLookup, hosts: readonly RouteHost[], opts: MxOptions, done: (p: HopPlan) => void): void {
  if (knownPlan(hosts) !== null) throw new Error("planHops: no host of this route needs DNS (take knownPlan's plan)");
  if (hosts.length === 1) return lookUpOne(dns, hosts[0], opts, done);
  const plans: HopPlan[] = [];
  const step = (i: number): void => {
    for (; i < hosts.length; i++) {
      const lit = literalPlan(hosts[i]);
      if (lit === undefined) break;
      plans.push(lit);
    }
    if (i === hosts.length) return done(combine(plans));
    const next = i + 1;
    lookUpOne(dns, hosts[i], opts, (p) => {
      plans.push(p);
      step(next);
    });
  };
  step(0);
}
