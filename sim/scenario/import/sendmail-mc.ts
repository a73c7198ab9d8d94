/**
 * Importing a sendmail `.mc` file (the m4 source of sendmail.cf, cf/README) into
 * the scenario's `mta:` block: the tutorial's four config.mc files (gateway,
 * internal relay, internal mailbox server, the appendix's internal host) import
 * as written, curly quotes included.
 *
 * What maps onto the block (mail-schema.ts):
 *   define(`SMART_HOST', `[host]' | `mailer:[host]' | `host')  -> smartHost
 *   define(`LOCAL_RELAY', ...)                                -> localRelay
 *   define(`confFALLBACK_MX', `host')                         -> fallbackMx   (S21)
 *   define(`confMAX_MESSAGE_SIZE', N) and `O MaxMessageSize=N` -> messageSizeLimit (S27)
 *   define(`confMAX_HOP', N)                                  -> hopLimit
 *   define(`confTO_QUEUERETURN' / `confTO_QUEUEWARN' / `confMIN_QUEUE_AGE')
 *                                                             -> retry (sendmail law)
 *   Dw<host>, Dm<domain> (macros $w and $m), confDOMAIN_NAME `$w.$m' -> hostname
 *   Cw<name> (class w: names this host is final for)          -> domains
 *   FEATURE(`mailertable') + the mailertable file's text      -> mailertable  (S14, S15)
 *   FEATURE(`access_db') + the access file's text             -> access       (S25)
 *   FEATURE(`blacklist_recipients')                           -> blacklistRecipients
 *   FEATURE(`dnsbl', zone, msg, `t'), FEATURE(`enhdnsbl', zone, msg, `t', codes...)
 *                                                             -> dnsblCheck (S24): zones; `t' = tempfail
 *                                                                when the lookup fails (cf/README), else ignore
 *   MASQUERADE_AS, MASQUERADE_DOMAIN, limited_masquerade, masquerade_entire_domain,
 *   masquerade_envelope, always_add_domain, EXPOSED_USER      -> masquerade   (S18)
 *   FEATURE(`promiscuous_relay')                              -> openRelay    (S23)
 *
 * Recognised without effect on a simulation: OSTYPE, DOMAIN, MAILER, VERSIONID,
 * divert, confCF_VERSION, nocanonify (mxsim never canonifies through DNS) and
 * accept_unresolvable_domains (mxsim does not check sender domains).
 * Recognised but not modelled: enhdnsbl's result codes (any 127/8 answer counts),
 * allmasquerade, relay_entire_domain, relay_hosts_only.
 * Anything else is an unknown directive: a warning with its line.
 */
import { readMc, type McItem } from "./m4";
import { parseConfigSize, parseConfigTime } from "./config-time";
import type { ImportNote, ImportResult, NoteKind } from "./notes";

export interface McCompanions {
  /** Text of /etc/mail/mailertable, embedded when FEATURE(`mailertable') is on. */
  mailertable?: string;
  /** Text of /etc/mail/access, embedded when FEATURE(`access_db') is on. */
  access?: string;
}

/** The default list of FEATURE(`dnsbl') with no argument (cf/README: MAPS RBL). */
export const DEFAULT_DNSBL = "blackholes.mail-abuse.org";

const NO_EFFECT_CALLS: Record<string, string> = {
  divert: "m4 output control",
  VERSIONID: "a version comment",
  OSTYPE: "operating-system paths and mailers",
  DOMAIN: "site-wide m4 fragment (its contents are not read)",
  MAILER: "mailer definitions: mxsim always has local and smtp",
  LOCAL_DOMAIN: "adds to class w",
};

const NO_EFFECT_FEATURES: Record<string, string> = {
  nocanonify: "mxsim does not canonify host names through DNS, as with this feature",
  accept_unresolvable_domains: "mxsim does not check that sender domains resolve, as with this feature",
  use_cw_file: "class w from /etc/mail/local-host-names (give `domains:` in the scenario)",
  redirect: "the .REDIRECT pseudo-domain",
};

/** Features mxsim recognises but does not model. */
const NOT_MODELLED_FEATURES: Record<string, string> = {
  allmasquerade: "masquerade recipient headers too (S18)",
  relay_entire_domain: "relay for every host in the local domains",
  relay_hosts_only: "relay per host, not per domain",
};

/** The masquerade flags a FEATURE sets (defence-schema.ts `masquerade`). */
const MASQUERADE_FEATURES: Record<string, "limited" | "entireDomain" | "envelope" | "alwaysAddDomain"> = {
  limited_masquerade: "limited",
  masquerade_entire_domain: "entireDomain",
  masquerade_envelope: "envelope",
  always_add_domain: "alwaysAddDomain",
};

export function importSendmailMc(text: string, companions: McCompanions = {}): ImportResult {
  const mta: Record<string, unknown> = { profile: "sendmail" };
  const notes: ImportNote[] = [];
  const at = (it: McItem): Omit<ImportNote, "kind" | "message"> => ({ line: it.line, col: it.col, directive: it.text.trim().replace(/\s*\n\s*/g, "\\n") });
  const note = (it: McItem, kind: NoteKind, message: string): void => {
    notes.push({ ...at(it), kind, message });
  };
  const macros = new Map<string, string>();
  const classW: string[] = [];
  const retry: Record<string, number> = {};
  let domainName: string | undefined;
  let mailertableOn = false;
  let accessOn = false;
  const masquerade: { as?: string; domains: string[]; exposedUsers: string[]; flags: Set<string>; at?: Omit<ImportNote, "kind" | "message"> } =
    { domains: [], exposedUsers: [], flags: new Set() };
  const dnsbl: { zones: string[]; tempfail: boolean } = { zones: [], tempfail: false };
  /** Where the hostname's parts were defined (for a note when they do not add up to a name). */
  let hostnameAt: Omit<ImportNote, "kind" | "message"> | undefined;

  const hostSpec = (v: string): string => v.trim().replace(/^[a-z0-9_-]+:(?=\[|[a-z0-9])/i, "");

  for (const it of readMc(text)) {
    if (it.kind === "stray") { note(it, "unknown", "not a macro call or a sendmail.cf line; ignored"); continue; }
    if (it.kind === "cf") { cfLine(it); continue; }
    const args = (it.args ?? []).map((a) => a.trim());
    switch (it.name) {
      case "FEATURE": feature(it, args); break;
      case "define": define(it, args); break;
      case "MASQUERADE_AS": masquerade.as = args[0]?.toLowerCase(); masquerade.at ??= at(it); break;
      case "MASQUERADE_DOMAIN": masquerade.domains.push(...(args[0] ?? "").split(/\s+/).filter(Boolean).map((d) => d.toLowerCase())); masquerade.at ??= at(it); break;
      case "EXPOSED_USER": masquerade.exposedUsers.push(...(args[0] ?? "").split(/\s+/).filter(Boolean)); break;
      default:
        if (NO_EFFECT_CALLS[it.name] !== undefined) note(it, "no-effect", `recognised: ${NO_EFFECT_CALLS[it.name]}; no effect on the simulation`);
        else note(it, "unknown", `unknown directive ${it.name}; ignored`);
    }
  }

  // Hostname: confDOMAIN_NAME with $w/$m expanded, else $w.$m when both are known.
  const expand = (v: string): string => v.replace(/\$([a-z])/g, (_, m: string) => macros.get(m) ?? `$${m}`);
  const j = domainName !== undefined ? expand(domainName) : macros.has("w") && macros.has("m") ? `${macros.get("w")}.${macros.get("m")}` : undefined;
  if (j !== undefined && !j.includes("$")) mta.hostname = j.toLowerCase();
  else if (hostnameAt !== undefined) {
    const what = j === undefined ? `$w = ${macros.get("w") ?? "?"}, $m = ${macros.get("m") ?? "?"}` : j;
    notes.push({ ...hostnameAt, kind: "not-modelled", message: `hostname ${what}: $w is the machine's own name, not in this file; give hostname: in the scenario` });
  }
  if (classW.length > 0) mta.domains = classW;
  if (mailertableOn && companions.mailertable !== undefined) mta.mailertable = companions.mailertable.endsWith("\n") ? companions.mailertable : companions.mailertable + "\n";
  if (Object.keys(retry).length > 0) mta.retry = { law: "sendmail", params: retry };
  if (accessOn && companions.access !== undefined) mta.access = companions.access.endsWith("\n") ? companions.access : companions.access + "\n";
  if (dnsbl.zones.length > 0) mta.dnsblCheck = { zones: dnsbl.zones, onFailure: dnsbl.tempfail ? "tempfail" : "ignore" };
  if (masquerade.as !== undefined) {
    mta.masquerade = {
      as: masquerade.as, domains: masquerade.domains,
      ...Object.fromEntries([...masquerade.flags].map((f) => [f, true])),
      ...(masquerade.exposedUsers.length > 0 ? { exposedUsers: masquerade.exposedUsers } : {}),
    };
  } else if (masquerade.at !== undefined || masquerade.flags.size > 0) {
    notes.push({ ...(masquerade.at ?? { line: 1, col: 1, directive: "MASQUERADE_DOMAIN" }), kind: "bad-value", message: "masquerading without MASQUERADE_AS has no effect" });
  }
  return { format: "sendmail-mc", mta: order(mta), notes };

  function feature(it: McItem, args: string[]): void {
    const [name, ...rest] = args;
    if (name === "mailertable") {
      mailertableOn = true;
      if (companions.mailertable === undefined)
        note(it, "not-modelled", "mailertable enabled: its routes live in /etc/mail/mailertable; give that file (--mailertable FILE) or write them under mta.mailertable");
      return;
    }
    if (name === "access_db") {
      accessOn = true;
      if (companions.access === undefined)
        note(it, "not-modelled", "access_db enabled: its entries live in /etc/mail/access; give that file (--access FILE) or write them under mta.access");
      return;
    }
    if (name === "blacklist_recipients") { mta.blacklistRecipients = true; return; }
    if (name === "promiscuous_relay") { mta.openRelay = true; return; }
    if (name === "dnsbl" || name === "enhdnsbl") {
      dnsbl.zones.push((rest[0] || DEFAULT_DNSBL).toLowerCase());
      if (rest[2] === "t") dnsbl.tempfail = true;
      if (name === "enhdnsbl" && rest.length > 3) note(it, "not-modelled", `enhdnsbl result codes (${rest.slice(3).map((c) => c.replace(/\s*\n\s*/g, "")).join(", ")}) are not modelled: any 127/8 answer counts as listed`);
      return;
    }
    const flag = MASQUERADE_FEATURES[name];
    if (flag !== undefined) { masquerade.flags.add(flag); return; }
    if (NO_EFFECT_FEATURES[name] !== undefined) return note(it, "no-effect", `recognised: ${NO_EFFECT_FEATURES[name]}`);
    if (NOT_MODELLED_FEATURES[name] !== undefined) return note(it, "not-modelled", `recognised: ${NOT_MODELLED_FEATURES[name]}; not modelled by mxsim`);
    note(it, "unknown", `unknown FEATURE ${name}; ignored`);
  }

  function define(it: McItem, args: string[]): void {
    const [name, value = ""] = args;
    switch (name) {
      case "SMART_HOST": mta.smartHost = hostSpec(value); return;
      case "LOCAL_RELAY": mta.localRelay = hostSpec(value); return;
      case "confFALLBACK_MX": mta.fallbackMx = hostSpec(value); return;
      case "confDOMAIN_NAME": domainName = value; hostnameAt = at(it); return;
      case "confMAX_MESSAGE_SIZE": return size(it, value);
      case "confMAX_HOP": {
        const v = Number(value);
        if (Number.isInteger(v) && v > 0) mta.hopLimit = v;
        else note(it, "bad-value", `cannot read ${JSON.stringify(value)} (expected a positive integer)`);
        return;
      }
      case "confTO_QUEUERETURN": return time(it, value, "queueReturn");
      case "confTO_QUEUEWARN": return time(it, value, "queueWarn");
      case "confMIN_QUEUE_AGE": return time(it, value, "minQueueAge");
      case "confCF_VERSION": return note(it, "no-effect", "recognised: a version string; no effect on the simulation");
      default: note(it, "unknown", `unknown define ${name}; ignored`);
    }
  }

  function size(it: McItem, value: string): void {
    const v = parseConfigSize(value);
    if (v === undefined) note(it, "bad-value", `cannot read ${JSON.stringify(value)} (expected a number of bytes)`);
    else if (v > 0) mta.messageSizeLimit = v;
  }

  function time(it: McItem, value: string, param: string): void {
    // cf/README writes these with units (5d, 4h); a bare number is read as minutes, the unit of -q intervals.
    const v = parseConfigTime(value, "m");
    if (v === undefined) note(it, "bad-value", `cannot read ${JSON.stringify(value)} (expected a time like 5d, 4h, 30m)`);
    else retry[param] = v;
  }

  function cfLine(it: Extract<McItem, { kind: "cf" }>): void {
    const body = it.body;
    if (it.letter === "D") {
      const m = /^(\{\w+\}|[A-Za-z])(.*)$/.exec(body);
      if (m === null) return note(it, "bad-value", "a D line needs a macro name and a value");
      macros.set(m[1].replace(/[{}]/g, ""), m[2].trim());
      if (m[1] === "w" || m[1] === "m") hostnameAt ??= at(it);
      if (!["w", "m", "j"].includes(m[1])) note(it, "no-effect", `macro $${m[1]} recognised; no effect on the simulation`);
      if (m[1] === "j") domainName = m[2].trim();
      return;
    }
    if (it.letter === "C") {
      const m = /^(\{\w+\}|[A-Za-z])(.*)$/.exec(body);
      if (m !== null && m[1] === "w") { classW.push(...m[2].trim().split(/\s+/).filter(Boolean).map((d) => d.toLowerCase())); return; }
      return note(it, "no-effect", `class ${m?.[1] ?? "?"} recognised; no effect on the simulation`);
    }
    if (it.letter === "O") {
      const m = /^\s*(\w+)\s*=\s*(.*)$/.exec(body);
      if (m !== null && m[1] === "MaxMessageSize") return size(it, m[2]);
      return note(it, "unknown", `unknown option ${m?.[1] ?? body.trim()}; ignored`);
    }
    note(it, "unknown", `sendmail.cf line "${it.letter}" not understood; ignored`);
  }
}

/** Fields in the order mail-schema.ts lists them, so imported blocks read the same every time. */
export function order(mta: Record<string, unknown>): Record<string, unknown> {
  const keys = ["profile", "hostname", "domains", "mailboxes", "mailertable", "smartHost", "localRelay", "fallbackMx",
    "relayDomains", "relayClients", "spoolLimit", "messageSizeLimit", "hopLimit", "destinationConcurrency", "retry",
    "access", "blacklistRecipients", "openRelay", "dnsblCheck", "masquerade"];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (mta[k] !== undefined) out[k] = mta[k];
  for (const k of Object.keys(mta)) if (!(k in out)) out[k] = mta[k];
  return out;
}
