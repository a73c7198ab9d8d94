/**
 * The routing chain: where does mail for this recipient go next?
 *
 * sendmail decides in a fixed order (tutorial S15, cf/README "MAILERTABLE",
 * "LOCAL_RELAY", "SMART_HOST"), and every MTA of the period has the same steps
 * under other names (Postfix: mydestination, transport_maps, relayhost):
 *
 *   1. local      the domain is one of ours (Cw / mydestination) and this host
 *                 keeps mailboxes: deliver here;
 *   2. mailertable a static route for the domain or a parent (`.example.gr.jp`):
 *                 `smtp:[host]` sends to host's address with no MX lookup,
 *                 `esmtp:host` looks up host's MX, `local:` and `error:` as named;
 *   3. LOCAL_RELAY our domain, but no mailboxes here: hand local users to the relay;
 *   4. SMART_HOST  anything else goes to the smart host (S17, S18);
 *   5. MX          otherwise look up the domain's MX (RFC 5321 §5.1), with the
 *                 domain's address as implicit MX;
 *   6. FallbackMX  when every MX has failed or DNS fails temporarily, the
 *                 fallback host (confFALLBACK_MX, Postfix fallback_relay; S21).
 *                 The chain's route does not name it: the delivery agent tries it
 *                 once the route's candidates failed (delivery-agent.ts, tryFallback).
 *
 * The decision is data ({@link Route}) with a sentence that explains it, so the
 * trace and the browser can say *why* mail went where it went.
 */
import { domainOf } from "../smtp";
import { lookupMailertable, type Mailertable, type RouteHost } from "./mailertable";
import type { Reply } from "../smtp";
import { ROLE_ADDRESSES } from "./mailbox";

export type RouteStep = "local" | "mailertable" | "localRelay" | "smartHost" | "mx" | "ldap";

export type Route =
  /** Deliver into a local mailbox; `user` is the mailbox name. */
  | { readonly kind: "local"; readonly step: RouteStep; readonly user: string; readonly why: string }
  /** Send by SMTP to these hosts, in order (each `[host]` or MX-looked-up). */
  | { readonly kind: "relay"; readonly step: RouteStep; readonly hosts: readonly RouteHost[]; readonly why: string; readonly dest?: string }
  /** Refuse (mailertable error: mailer). */
  | { readonly kind: "error"; readonly step: RouteStep; readonly reply: Reply; readonly why: string };

export interface RoutingConfig {
  /** Host name (for explanations). */
  readonly host: string;
  /** Domains this MTA considers local (sendmail class w, Postfix mydestination). */
  readonly localDomains: readonly string[];
  /** True when this host has a local spool (mailboxes). */
  readonly hasMailboxes: boolean;
  readonly mailertable?: Mailertable;
  /** LOCAL_RELAY: where local-domain users go when this host keeps no mailboxes. */
  readonly localRelay?: string;
  /** SMART_HOST: `[host]` (no MX lookup) or `host`. */
  readonly smartHost?: string;
}

/** The destination a relay route names, as a queue manager keys it: `[a],b` (sendmail's bracket convention). */
export function destinationOf(hosts: readonly RouteHost[]): string {
  return hosts.map((h) => (h.mxLookup ? h.host : `[${h.host}]`)).join(",");
}

/** `[host]` → no MX lookup of host; `host` → MX lookup (sendmail's bracket convention). */
export function routeHost(spec: string): RouteHost {
  const m = /^\[(.+)\]$/.exec(spec.trim());
  return m ? { host: m[1].toLowerCase(), mxLookup: false } : { host: spec.trim().toLowerCase(), mxLookup: true };
}

const show = (h: RouteHost): string => (h.mxLookup ? h.host : `[${h.host}]`);

/**
 * Where a route sends the mail, as one short machine-readable string (the `next` of the
 * `mta.route` trace event): `[dist-in.example.gr.jp]` (a host, no MX lookup),
 * `relay.example.net` (look up its MX), several joined by ",", `mailbox:user` (a local
 * mailbox) or `error:550` (the error mailer's reply code). Readers such as the browser's
 * event log use it instead of reading the English `why`.
 */
export function routeNext(r: Route): string {
  switch (r.kind) {
    case "local": return `mailbox:${r.user}`;
    case "relay": return r.hosts.map(show).join(",");
    case "error": return `error:${r.reply.code}`;
  }
}

export function isLocalDomain(cfg: RoutingConfig, domain: string): boolean {
  return cfg.localDomains.includes(domain);
}

/** Where mail for `rcpt` goes from this MTA, and why. */
export function route(cfg: RoutingConfig, rcpt: string): Route {
  const domain = domainOf(rcpt);
  const user = rcpt.slice(0, rcpt.lastIndexOf("@") >= 0 ? rcpt.lastIndexOf("@") : rcpt.length);
  const local = domain === "" || isLocalDomain(cfg, domain);
  const h = cfg.host;
  if (local && (cfg.hasMailboxes || ROLE_ADDRESSES.includes(user.toLowerCase()))) {
    return { kind: "local", step: "local", user, why: `${h}: ${domain || "(no domain)"} is local here and ${h} keeps mailboxes — deliver to the mailbox of ${user}` };
  }
  if (cfg.mailertable !== undefined && domain !== "") {
    const e = lookupMailertable(cfg.mailertable, domain);
    if (e !== null) {
      const r = e.route;
      const head = `${h}: mailertable matches ${e.key} → ${e.value}`;
      switch (r.kind) {
        case "smtp": {
          const static_ = r.hosts.every((x) => !x.mxLookup);
          return { kind: "relay", step: "mailertable", hosts: r.hosts, dest: destinationOf(r.hosts),
            why: `${head} — ${static_ ? "a static route, no MX lookup" : `look up the MX of ${r.hosts.map(show).join(", ")}`}` };
        }
        case "local":
          return { kind: "local", step: "mailertable", user: r.user ?? user, why: `${head} — deliver locally` };
        case "error":
          return { kind: "error", step: "mailertable", reply: r.reply, why: `${head} — refused by the error mailer` };
      }
    }
  }
  if (local && cfg.localRelay !== undefined) {
    const rh = routeHost(cfg.localRelay);
    return { kind: "relay", step: "localRelay", hosts: [rh], dest: destinationOf([rh]), why: `${h}: ${domain} is local but ${h} keeps no mailboxes — LOCAL_RELAY ${show(rh)}` };
  }
  if (!local && cfg.smartHost !== undefined) {
    const rh = routeHost(cfg.smartHost);
    return { kind: "relay", step: "smartHost", hosts: [rh], dest: destinationOf([rh]), why: `${h}: no static route for ${domain} — SMART_HOST ${show(rh)}` };
  }
  return { kind: "relay", step: "mx", hosts: [{ host: domain, mxLookup: true }], dest: domain, why: `${h}: no static route for ${domain} — look up its MX (RFC 5321 §5.1)` };
}
