/**
 * sendmail's mailertable: static routes by destination domain (tutorial S14, S15:
 * "sendmail looks at mailertable first").
 *
 * The text file (built into a map with `makemap hash /etc/mail/mailertable <
 * /etc/mail/mailertable`) has one `key value` per line; `#` starts a comment line.
 * From cf/README, FEATURE(`mailertable'):
 *
 *  - keys are "fully qualified domain names or partial domains preceded by a dot",
 *    e.g. `vangogh.CS.Berkeley.EDU` or `.CS.Berkeley.EDU`; "as a special case of the
 *    latter, `.` matches any domain not covered by other keys";
 *  - values are `mailer:host`. `smtp:[host]` (brackets) sends to that host's
 *    address without an MX lookup; `esmtp:host` looks up host's MX first; `relay`
 *    is the mailer sendmail uses for SMART_HOST/relays; several hosts may be given
 *    separated by `:` and are tried in order;
 *  - `local:user` delivers to that local user, `local:` to the original user;
 *  - `error:code message` and `error:D.S.N:code message` reject with that reply
 *    ("D.S.N is an RFC 1893 compliant error code"); `error:nouser message` uses a
 *    sysexits name (EX_NOUSER) for the code, as virtusertable examples do.
 *
 * Lookup (proto.m4 ruleset MailerToTriple): the full host name first; then strip the
 * leftmost label and look up the rest *with a leading dot*, and so on up to `.`.
 * So `.example.gr.jp` matches `dist.example.gr.jp` but NOT `example.gr.jp` itself
 * — a classic mistake, and the reason the tutorial's gateway relies on the parent
 * domain being handled elsewhere. The most specific key wins. Keys are folded to
 * lower case (makemap without -f); a repeated key is refused with a warning and the
 * first one is kept (makemap without -r).
 */
import { isEnhancedCode, normalizeDomain, type Reply, reply } from "../smtp";

/** A next hop: `[host]` means "this host's address, no MX lookup". */
export interface RouteHost {
  readonly host: string;
  readonly mxLookup: boolean;
}

export type MailertableRoute =
  /** An SMTP-family mailer (smtp, esmtp, smtp8, dsmtp, relay, or a site mailer) and its hosts, in order. */
  | { readonly kind: "smtp"; readonly mailer: string; readonly hosts: readonly RouteHost[] }
  /** The local mailer; `user` null = the original recipient's local part. */
  | { readonly kind: "local"; readonly user: string | null }
  /** The error mailer: reject with this reply. */
  | { readonly kind: "error"; readonly reply: Reply };

export interface MailertableEntry {
  /** Lower-cased key: a domain, or `.domain`, or `.`. */
  readonly key: string;
  readonly value: string;
  readonly route: MailertableRoute;
  readonly line: number;
}

/** A problem found while parsing, with a 1-based position in the text. */
export interface TableDiagnostic {
  readonly severity: "error" | "warning";
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export interface Mailertable {
  readonly entries: ReadonlyMap<string, MailertableEntry>;
}

/** sendmail's built-in SMTP-family mailers (cf/mailer/smtp.m4) plus `relay`. */
export const SMTP_MAILERS: readonly string[] = ["smtp", "esmtp", "smtp8", "dsmtp", "relay"];

/**
 * sysexits names accepted by the error mailer in place of a code, with the reply
 * sendmail gives for them (sendmail/err.c, deliver.c). [U]: only nouser/nohost are
 * in the cf/README examples; the others follow sysexits.h meanings.
 */
const ERROR_NAMES: Readonly<Record<string, Reply>> = {
  nouser: reply(550, "5.1.1", "User unknown"),
  nohost: reply(550, "5.1.2", "Host unknown"),
  unavailable: reply(550, "5.0.0", "Service unavailable"),
  tempfail: reply(451, "4.0.0", "Deferred"),
};

const DOMAIN = /^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/;
const IP_LITERAL = /^(\d{1,3}\.){3}\d{1,3}$/;

function validKey(k: string): boolean {
  if (k === ".") return true;
  return DOMAIN.test(k.startsWith(".") ? k.slice(1) : k);
}

type Parsed = { route: MailertableRoute } | { error: string; col: number };

/** Parses the right-hand side; `col0` is the value's 1-based column, for positions. */
function parseValue(value: string, col0: number): Parsed {
  const colon = value.indexOf(":");
  if (colon <= 0) return { error: `value "${value}" is not mailer:host`, col: col0 };
  const mailer = value.slice(0, colon).toLowerCase();
  const rest = value.slice(colon + 1);
  const restCol = col0 + colon + 1;
  if (mailer === "local") {
    if (/\s/.test(rest)) return { error: "local: user must be one word", col: restCol };
    return { route: { kind: "local", user: rest === "" ? null : rest } };
  }
  if (mailer === "error") return parseError(rest, restCol);
  if (rest === "") return { error: `mailer ${mailer} needs a host`, col: restCol };
  const hosts: RouteHost[] = [];
  let col = restCol;
  for (const part of splitHosts(rest)) {
    const bracket = part.startsWith("[");
    if (bracket !== part.endsWith("]")) return { error: `unbalanced brackets in host "${part}"`, col };
    const host = normalizeDomain(bracket ? part.slice(1, -1) : part);
    if (!(DOMAIN.test(host) || IP_LITERAL.test(host))) return { error: `"${part}" is not a host name or address`, col };
    // An address literal can only be reached directly; sendmail does no MX lookup on it.
    hosts.push({ host, mxLookup: !bracket && !IP_LITERAL.test(host) });
    col += part.length + 1;
  }
  return { route: { kind: "smtp", mailer, hosts } };
}

/** `a:[b]:c` split on colons outside brackets. */
function splitHosts(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of s) {
    if (ch === "[") depth++;
    if (ch === "]") depth--;
    if (ch === ":" && depth === 0) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** `error:[D.S.N:]code text` or `error:name text`. */
function parseError(rest: string, col: number): Parsed {
  let s = rest;
  let c = col;
  let dsn: string | null = null;
  const m = /^(\d\.\d{1,3}\.\d{1,3}):/.exec(s);
  if (m !== null) {
    dsn = m[1];
    if (!isEnhancedCode(dsn)) return { error: `"${dsn}" is not an RFC 3463 status code`, col: c };
    s = s.slice(m[0].length);
    c += m[0].length;
  }
  const code = /^(\d{3})(?:\s+(.*))?$/.exec(s);
  if (code !== null) {
    const n = Number(code[1]);
    if (n < 400 || n > 599) return { error: `error mailer code ${n} is not a 4xx or 5xx reply`, col: c };
    if (dsn !== null && Number(dsn[0]) !== Math.floor(n / 100)) return { error: `status ${dsn} disagrees with reply code ${n}`, col };
    return { route: { kind: "error", reply: reply(n, dsn, code[2] ?? "") } };
  }
  const named = /^([a-z]+)(?:\s+(?:(\d{3})\s+)?(.*))?$/i.exec(s);
  if (named !== null && ERROR_NAMES[named[1].toLowerCase()] !== undefined) {
    const base = ERROR_NAMES[named[1].toLowerCase()];
    const n = named[2] === undefined ? base.code : Number(named[2]);
    const text = named[3] !== undefined && named[3] !== "" ? named[3] : base.text;
    return { route: { kind: "error", reply: reply(n, dsn ?? base.enhanced, text) } };
  }
  return { error: `error mailer needs "code message", "D.S.N:code message" or a sysexits name like nouser`, col: c };
}

/** Parses mailertable text. Bad lines are skipped and reported; good ones still load. */
export function parseMailertable(text: string): { table: Mailertable; diagnostics: TableDiagnostic[] } {
  const entries = new Map<string, MailertableEntry>();
  const diagnostics: TableDiagnostic[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const lead = raw.length - raw.trimStart().length;
    const m = /^(\S+)(\s+)(.*)$/.exec(raw.slice(lead));
    if (m === null) {
      diagnostics.push({ severity: "error", line, col: lead + 1, message: `key "${trimmed}" has no value` });
      return;
    }
    const rawKey = m[1];
    const key = rawKey.toLowerCase();
    const valueCol = lead + rawKey.length + m[2].length + 1;
    const value = m[3].trimEnd();
    if (rawKey.includes("@")) {
      diagnostics.push({ severity: "error", line, col: lead + 1, message: `mailertable keys are domains, not addresses: "${rawKey}" (use virtusertable)` });
      return;
    }
    if (!validKey(key)) {
      diagnostics.push({ severity: "error", line, col: lead + 1, message: `"${rawKey}" is not a domain or .domain key` });
      return;
    }
    const parsed = parseValue(value, valueCol);
    if ("error" in parsed) {
      diagnostics.push({ severity: "error", line, col: parsed.col, message: parsed.error });
      return;
    }
    const r = parsed.route;
    if (r.kind === "smtp" && !SMTP_MAILERS.includes(r.mailer)) {
      diagnostics.push({ severity: "warning", line, col: valueCol, message: `mailer "${r.mailer}" is not one of ${SMTP_MAILERS.join(", ")}, local, error; treated as SMTP` });
    }
    const prev = entries.get(key);
    if (prev !== undefined) {
      diagnostics.push({ severity: "warning", line, col: lead + 1, message: `duplicate key "${key}" (first defined on line ${prev.line}); this line is ignored` });
      return;
    }
    entries.set(key, { key, value, route: r, line });
  });
  return { table: { entries }, diagnostics };
}

/**
 * The keys sendmail tries for a domain, in order: `a.b.c`, `.b.c`, `.c`, `.`.
 * (The bare domain is never looked up with a leading dot.)
 */
export function mailertableKeys(domain: string): string[] {
  const d = normalizeDomain(domain);
  const keys = [d];
  const labels = d.split(".");
  for (let i = 1; i < labels.length; i++) keys.push("." + labels.slice(i).join("."));
  keys.push(".");
  return keys;
}

/** The entry that routes `domain`, or null (then sendmail goes on: LOCAL_RELAY, SMART_HOST, MX). */
export function lookupMailertable(t: Mailertable, domain: string): MailertableEntry | null {
  for (const k of mailertableKeys(domain)) {
    const e = t.entries.get(k);
    if (e !== undefined) return e;
  }
  return null;
}
