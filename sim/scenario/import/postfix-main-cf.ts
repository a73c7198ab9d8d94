/**
 * Importing a Postfix `main.cf` (postconf(5)) into the scenario's `mta:` block.
 *
 * The file is `name = value` lines; a line that starts with whitespace continues
 * the previous one; `#` lines are comments; `$name` and `${name}` expand to other
 * parameters (with Postfix's defaults for myhostname/mydomain-derived ones).
 *
 *   myhostname                         -> hostname
 *   mydestination                      -> domains (Postfix default: $myhostname, localhost.$mydomain, localhost)
 *   mynetworks                         -> relayClients  (permit_mynetworks)
 *   relay_domains                      -> relayDomains
 *   relayhost                          -> smartHost     ([host] = no MX lookup, as in sendmail)
 *   transport_maps = inline:{ d=smtp:[h], ... } -> mailertable (the same `domain mailer:host` lines)
 *   fallback_relay, smtp_fallback_relay -> fallbackMx (the first host)
 *   message_size_limit                 -> messageSizeLimit
 *   default_destination_concurrency_limit -> destinationConcurrency
 *   queue_run_delay, minimal_backoff_time, maximal_backoff_time, maximal_queue_lifetime,
 *   bounce_queue_lifetime, delay_warning_time -> retry (postfix law), in seconds
 *   smtpd_recipient_restrictions: permit_mynetworks and reject_unauth_destination are what
 *   mxsim's SMTP server does anyway (relay control); reject_rbl_client ZONE -> dnsblCheck
 *   (S24; a failed lookup is ignored, Postfix's default); permit_sasl_authenticated needs
 *   users and passwords (mta.auth), which main.cf does not hold: a warning.
 *   masquerade_domains = D                -> masquerade { as: D, domains: [D], entireDomain: true } (S18;
 *   Postfix strips any host part under D; with several domains only the first is used).
 */
import { parseConfigSize, parseConfigTime } from "./config-time";
import type { ImportNote, ImportResult, NoteKind } from "./notes";
import { order } from "./sendmail-mc";

interface Param { name: string; value: string; line: number; col: number }

const RETRY: Record<string, { param: string; unit: "s" | "h" | "d" }> = {
  queue_run_delay: { param: "queueRunDelay", unit: "s" },
  minimal_backoff_time: { param: "minimalBackoffTime", unit: "s" },
  maximal_backoff_time: { param: "maximalBackoffTime", unit: "s" },
  maximal_queue_lifetime: { param: "maximalQueueLifetime", unit: "d" },
  bounce_queue_lifetime: { param: "bounceQueueLifetime", unit: "d" },
  delay_warning_time: { param: "delayWarningTime", unit: "h" },
};

const NO_EFFECT: Record<string, string> = {
  myorigin: "the domain added to unqualified sender addresses",
  inet_interfaces: "the addresses smtpd listens on",
  inet_protocols: "IPv4/IPv6 selection",
  alias_maps: "local aliases",
  alias_database: "local aliases",
  home_mailbox: "mailbox file layout",
  mail_owner: "the Postfix user",
  compatibility_level: "defaults of a Postfix version",
  smtpd_banner: "the greeting text",
  biff: "local notification",
  append_dot_mydomain: "address completion in the MUA's domain",
  readme_directory: "documentation path",
  queue_directory: "spool path",
  command_directory: "install path",
  daemon_directory: "install path",
  data_directory: "install path",
  setgid_group: "install group",
  smtpd_tls_cert_file: "TLS certificate (write the mta: block's tls: for STARTTLS)",
  smtpd_tls_key_file: "TLS key (write the mta: block's tls: for STARTTLS)",
  smtpd_use_tls: "STARTTLS (write the mta: block's tls:)",
};

export function readMainCf(text: string): { params: Param[]; notes: ImportNote[] } {
  const params: Param[] = [];
  const notes: ImportNote[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (/^\s*(#|$)/.test(line)) return;
    if (/^\s/.test(line)) {
      const last = params[params.length - 1];
      if (last !== undefined) last.value += " " + line.trim();
      else notes.push({ line: i + 1, col: 1, directive: line.trim(), kind: "unknown", message: "continuation line with nothing to continue; ignored" });
      return;
    }
    const m = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    if (m === null) {
      notes.push({ line: i + 1, col: 1, directive: line.trim(), kind: "bad-value", message: "not a `name = value` line; ignored" });
      return;
    }
    params.push({ name: m[1], value: m[2].trim(), line: i + 1, col: 1 });
  });
  return { params, notes };
}

export function importPostfixMainCf(text: string): ImportResult {
  const { params, notes } = readMainCf(text);
  const mta: Record<string, unknown> = { profile: "postfix" };
  const note = (p: Param, kind: NoteKind, message: string): void => {
    notes.push({ line: p.line, col: p.col, directive: p.name, kind, message });
  };
  const values = new Map<string, string>();
  for (const p of params) values.set(p.name, p.value);
  const expand = (v: string, depth = 0): string =>
    depth > 8 ? v : v.replace(/\$\{?([a-z_]+)\}?/g, (whole, n: string) => {
      const d = values.get(n) ?? defaultOf(n);
      return d === undefined ? whole : expand(d, depth + 1);
    });
  const defaultOf = (n: string): string | undefined => {
    if (n === "mydomain") { const h = values.get("myhostname"); return h && h.includes(".") ? h.slice(h.indexOf(".") + 1) : undefined; }
    return undefined;
  };
  const list = (v: string): string[] => expand(v).split(/[\s,]+/).filter(Boolean);
  const retry: Record<string, number> = {};

  for (const p of params) {
    const v = p.value;
    const r = RETRY[p.name];
    if (r !== undefined) {
      const s = parseConfigTime(expand(v), r.unit);
      if (s === undefined) note(p, "bad-value", `cannot read ${JSON.stringify(v)} (expected a time like 300s, 4000s, 5d)`);
      else retry[r.param] = s;
      continue;
    }
    switch (p.name) {
      case "myhostname": mta.hostname = expand(v).toLowerCase(); break;
      case "mydomain": break; // used through $mydomain
      case "mydestination": {
        const tables = list(v).filter((d) => d.includes(":"));
        for (const t of tables) note(p, "not-modelled", `lookup table ${t} in mydestination: list its domains instead`);
        mta.domains = list(v).filter((d) => !d.includes(":")).map((d) => d.toLowerCase());
        break;
      }
      case "mynetworks": mta.relayClients = list(v).map((c) => c.replace(/^\[|\]$/g, "")); break;
      case "relay_domains": mta.relayDomains = list(v).filter((d) => !d.includes(":")).map((d) => d.toLowerCase()); break;
      case "relayhost": {
        const h = expand(v).trim();
        if (h === "") break;
        const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(h);
        if (m === null) { note(p, "bad-value", `cannot read ${JSON.stringify(v)} (expected host, [host] or [host]:port)`); break; }
        if (m[2] !== undefined && m[2] !== "25") note(p, "not-modelled", `port ${m[2]}: mxsim relays on port 25`);
        mta.smartHost = m[1];
        break;
      }
      case "fallback_relay":
      case "smtp_fallback_relay": {
        const hosts = list(v);
        if (hosts.length > 1) note(p, "not-modelled", `only the first fallback host (${hosts[0]}) is used`);
        if (hosts.length > 0) mta.fallbackMx = hosts[0].replace(/:\d+$/, "");
        break;
      }
      case "transport_maps": transport(p); break;
      case "message_size_limit": {
        const s = parseConfigSize(expand(v));
        if (s === undefined) note(p, "bad-value", `cannot read ${JSON.stringify(v)} (expected a number of bytes)`);
        else if (s > 0) mta.messageSizeLimit = s;
        break;
      }
      case "default_destination_concurrency_limit": {
        const n = Number(expand(v));
        if (Number.isInteger(n) && n > 0) mta.destinationConcurrency = n;
        else note(p, "bad-value", `cannot read ${JSON.stringify(v)} (expected a positive integer)`);
        break;
      }
      case "smtpd_recipient_restrictions":
      case "smtpd_relay_restrictions": restrictions(p); break;
      case "masquerade_domains": {
        const ds = list(v).map((d) => d.replace(/^!/, "").toLowerCase());
        if (ds.length === 0) break;
        if (ds.length > 1) note(p, "not-modelled", `only the first masquerade domain (${ds[0]}) is used`);
        mta.masquerade = { as: ds[0], domains: [ds[0]], entireDomain: true };
        break;
      }
      default:
        if (NO_EFFECT[p.name] !== undefined) note(p, "no-effect", `recognised: ${NO_EFFECT[p.name]}; no effect on the simulation`);
        else note(p, "unknown", `unknown parameter ${p.name}; ignored`);
    }
  }
  if (Object.keys(retry).length > 0) mta.retry = { law: "postfix", params: retry };
  notes.sort((a, b) => a.line - b.line);
  return { format: "postfix-main-cf", mta: order(mta), notes };

  function transport(p: Param): void {
    const lines: string[] = [];
    for (const m of p.value.matchAll(/inline:\{([^}]*)\}|(\S+:\S+)/g)) {
      if (m[1] === undefined) { note(p, "not-modelled", `lookup table ${m[2].replace(/,$/, "")}: only inline:{ ... } tables can be imported`); continue; }
      for (const entry of m[1].split(",").map((e) => e.trim()).filter(Boolean)) {
        const kv = /^(\S+?)\s*=\s*(\S+)$/.exec(entry);
        if (kv === null) { note(p, "bad-value", `cannot read transport entry ${JSON.stringify(entry)} (expected domain=transport:nexthop)`); continue; }
        lines.push(`${kv[1].toLowerCase()}\t${kv[2]}`);
      }
    }
    if (lines.length > 0) mta.mailertable = lines.join("\n") + "\n";
  }

  function restrictions(p: Param): void {
    const words = expand(p.value).split(/[\s,]+/).filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w === "permit_mynetworks" || w === "reject_unauth_destination" || w === "permit") continue; // what mxsim's server does
      if (w === "reject_rbl_client" || w === "reject_rhsbl_client" || w === "reject_rhsbl_sender") {
        const zone = (words[++i] ?? "").toLowerCase();
        if (w !== "reject_rbl_client") note(p, "not-modelled", `${w} ${zone}: only client-address lists (reject_rbl_client) are modelled`);
        else {
          const check = (mta.dnsblCheck ??= { zones: [] }) as { zones: string[] };
          check.zones.push(zone);
        }
      } else if (w === "permit_sasl_authenticated") note(p, "not-modelled", "recognised: permit_sasl_authenticated (SMTP AUTH, S26): main.cf holds no users; give them under mta.auth");
      else note(p, "unknown", `unknown restriction ${w}; ignored`);
    }
  }
}
