/**
 * sendmail's access database (FEATURE(`access_db'), tutorial S25) in its text form,
 * `/etc/mail/access` before `makemap hash`:
 *
 *     spammers.net                REJECT
 *     spammer@ube.com             ERROR:5.7.1:551 Relay denied
 *     spam@uce.uce.com            DISCARD
 *     example.gr.jp               RELAY
 *     127.0.0.1                   RELAY
 *     bogus_user@                 REJECT          # FEATURE(`blacklist_recipients')
 *     Connect:192.0.2             REJECT          # tagged: only at connect
 *
 * Left: an IP address or a prefix of whole octets, a domain (which covers its
 * subdomains), a full address, or `user@` (that user in any domain). An optional
 * tag `Connect:`, `From:` or `To:` limits an entry to one check; untagged entries
 * serve every check (cf/README "access_db", "The access database").
 *
 * Right: `OK` (accept, skip further checks of this kind), `RELAY` (accept and allow
 * relaying: for a client or a recipient domain), `REJECT` (550 5.7.1 Access denied),
 * `DISCARD` (accept with 250 and throw the message away), `ERROR:d.s.n:code text`
 * or `ERROR:code text` (that exact reply; sendmail's default enhanced code for a
 * 5xx without one is 5.0.0, cf/README "ERROR:").
 *
 * Lookup order, most specific first (sendmail proto.m4: the SearchList of
 * check_mail is `<F:user@domain> <U:user@> <D:domain>`, that of check_rcpt with
 * blacklist_recipients the same for local domains and `<F:…> <D:…>` for others):
 * an address is looked up whole, then `user@`, then its domain and each parent
 * domain; an IP address whole, then with the last octet dropped, and so on
 * (`192.0.2.9`, `192.0.2`, `192.0`, `192`). The first entry found decides.
 */
import { reply, type Reply } from "../../smtp";

export type AccessTag = "Connect" | "From" | "To";

export type AccessAction =
  | { readonly kind: "OK" | "RELAY" | "REJECT" | "DISCARD" }
  | { readonly kind: "ERROR"; readonly reply: Reply };

export interface AccessEntry {
  readonly tag: AccessTag | null;
  readonly key: string;
  readonly action: AccessAction;
  readonly line: number;
}

export interface AccessDiagnostic {
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export interface AccessDb {
  /** Entries by `tag:key` and by untagged `key` (lower case). */
  readonly entries: ReadonlyMap<string, AccessEntry>;
}

export interface AccessHit {
  readonly entry: AccessEntry;
  /** What was looked up, e.g. "From:ube.com". */
  readonly lookedUp: string;
}

const TAGS: readonly AccessTag[] = ["Connect", "From", "To"];

/** `ERROR:5.7.1:551 Relay denied`, `ERROR:"550 Bogus host"`, `ERROR:550 Mailbox unavailable`. */
export function parseError(rhs: string): Reply | string {
  let v = rhs.slice("ERROR:".length).trim();
  if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1);
  let enhanced: string | null = null;
  const dsn = /^([245]\.\d{1,3}\.\d{1,3}):(.*)$/.exec(v);
  if (dsn !== null) {
    enhanced = dsn[1];
    v = dsn[2];
  }
  const m = /^([45]\d\d)(?:\s+(.*))?$/.exec(v.trim());
  if (m === null) return `cannot read the reply in ${JSON.stringify(rhs)}`;
  const code = Number(m[1]);
  // sendmail adds the class's "other" status when the entry gives none.
  const enh = enhanced ?? `${Math.floor(code / 100)}.0.0`;
  if (Number(enh[0]) !== Math.floor(code / 100)) return `enhanced code ${enh} disagrees with ${code} (RFC 3463 §3.1)`;
  return reply(code, enh, m[2] ?? "Access denied");
}

export function parseAccess(text: string): { db: AccessDb; diagnostics: AccessDiagnostic[] } {
  const entries = new Map<string, AccessEntry>();
  const diagnostics: AccessDiagnostic[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = i + 1;
    const body = raw.replace(/#.*$/, "").trim();
    if (body === "") return;
    const m = /^(\S+)\s+(.+)$/.exec(body);
    if (m === null) {
      diagnostics.push({ line, col: 1, message: `"${body}" has no action (expected: key OK|RELAY|REJECT|DISCARD|ERROR:...)` });
      return;
    }
    let key = m[1];
    let tag: AccessTag | null = null;
    const t = /^(\w+):(.+)$/.exec(key);
    if (t !== null && !/^\d/.test(key)) {
      const found = TAGS.find((x) => x.toLowerCase() === t[1].toLowerCase());
      if (found === undefined) {
        diagnostics.push({ line, col: 1, message: `unknown tag "${t[1]}:" (expected Connect:, From: or To:)` });
        return;
      }
      tag = found;
      key = t[2];
    }
    const rhs = m[2].trim();
    const col = raw.indexOf(m[2]) + 1;
    let action: AccessAction;
    const word = rhs.toUpperCase();
    if (word === "OK" || word === "RELAY" || word === "REJECT" || word === "DISCARD") action = { kind: word };
    else if (word.startsWith("ERROR:")) {
      const r = parseError(rhs);
      if (typeof r === "string") {
        diagnostics.push({ line, col, message: r });
        return;
      }
      action = { kind: "ERROR", reply: r };
    } else {
      diagnostics.push({ line, col, message: `unknown action "${rhs}" (expected OK, RELAY, REJECT, DISCARD or ERROR:d.s.n:code text)` });
      return;
    }
    const k = `${tag === null ? "" : tag + ":"}${key.toLowerCase()}`;
    if (entries.has(k)) diagnostics.push({ line, col: 1, message: `duplicate key "${key}" (makemap keeps the first)` });
    else entries.set(k, { tag, key: key.toLowerCase(), action, line });
  });
  return { db: { entries }, diagnostics };
}

function find(db: AccessDb, tag: AccessTag, key: string): AccessHit | null {
  const tagged = db.entries.get(`${tag}:${key}`);
  if (tagged !== undefined) return { entry: tagged, lookedUp: `${tag}:${key}` };
  const plain = db.entries.get(key);
  return plain !== undefined ? { entry: plain, lookedUp: key } : null;
}

/** The keys tried for an IPv4 address, most specific first. */
export function addressKeys(addr: string): string[] {
  const o = addr.split(".");
  const out: string[] = [];
  for (let n = o.length; n >= 1; n--) out.push(o.slice(0, n).join("."));
  return out;
}

/** The keys tried for a domain: itself, then each parent (`a.b.c`, `b.c`, `c`). */
export function domainKeys(domain: string): string[] {
  const ls = domain.toLowerCase().split(".").filter((l) => l !== "");
  const out: string[] = [];
  for (let i = 0; i < ls.length; i++) out.push(ls.slice(i).join("."));
  return out;
}

/** The keys tried for an address: whole, then `user@` (if `userAt`), then domain and parents. */
export function addressLookupKeys(address: string, userAt: boolean): string[] {
  const a = address.toLowerCase();
  const at = a.lastIndexOf("@");
  if (at < 0) return [a];
  return userAt ? [a, a.slice(0, at + 1), ...domainKeys(a.slice(at + 1))] : [a, ...domainKeys(a.slice(at + 1))];
}

/** The first entry found for the connecting client's address. */
export function lookupClient(db: AccessDb, addr: string): AccessHit | null {
  for (const k of addressKeys(addr)) {
    const h = find(db, "Connect", k);
    if (h !== null) return h;
  }
  return null;
}

/** The first entry found for an envelope address at MAIL (`From`) or RCPT (`To`). */
export function lookupAddress(db: AccessDb, tag: "From" | "To", address: string, userAt = true): AccessHit | null {
  for (const k of addressLookupKeys(address, userAt)) {
    const h = find(db, tag, k);
    if (h !== null) return h;
  }
  return null;
}
