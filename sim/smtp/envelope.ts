/**
 * The envelope: what SMTP itself carries, apart from the message (RFC 5321 §2.3.1, §3.3).
 *
 * `MAIL FROM:<reverse-path>` names where failures go; `RCPT TO:<forward-path>` (one
 * per recipient) names where the copy is delivered. The envelope alone decides
 * delivery: the header's From:/To:/Cc: are only the MUA's text (tutorial S8: a
 * mailing list's To: is the list, yet the mail reaches you because your address is
 * in the envelope). Relays rewrite the envelope freely (one RCPT per destination
 * batch, list expansion); the header stays as written.
 *
 * The *null reverse-path* `MAIL FROM:<>` is what notifications (bounces, DSNs) use so
 * that a failing notification can never cause another one (RFC 5321 §4.5.5, §6.1).
 * Here it is the empty string.
 */

export interface Envelope {
  /** Reverse-path without angle brackets; "" is the null sender `<>`. */
  readonly mailFrom: string;
  /** Forward-paths, one per RCPT TO, without angle brackets. */
  readonly rcptTo: readonly string[];
  /**
   * Set on notifications an MTA makes: "dsn" for a bounce or delay warning, "double-bounce"
   * for the postmaster copy of a failed bounce (which must never produce a notice itself).
   */
  readonly notification?: "dsn" | "double-bounce";
}

/** True for the null reverse-path `<>`. */
export function isNullSender(mailFrom: string): boolean {
  return mailFrom === "";
}

/** The path as written in MAIL FROM / RCPT TO and in Return-Path: `<bob@x>`, or `<>`. */
export function angle(path: string): string {
  return `<${path}>`;
}

/** A domain or host name as compared everywhere: lower case, without the root's trailing dot. */
export function normalizeDomain(name: string): string {
  const d = name.toLowerCase();
  return d.endsWith(".") ? d.slice(0, -1) : d;
}

/** The domain of an address (lower-cased), or "" for a bare local part or the null sender. */
export function domainOf(address: string): string {
  let d = domains.get(address);
  if (d === undefined) {
    const at = address.lastIndexOf("@");
    d = at < 0 ? "" : normalizeDomain(address.slice(at + 1));
    if (domains.size >= DOMAIN_MEMO) domains.clear();
    domains.set(address, d);
  }
  return d;
}

/**
 * Domains of addresses seen lately. Every relay check and routing decision asks
 * for a recipient's domain, at every hop, for the same few address strings; the
 * answer is a pure function of the string, so it is kept (a bounded table, emptied
 * when full, so a run with millions of distinct addresses does not grow it).
 */
const domains = new Map<string, string>();
const DOMAIN_MEMO = 16_384;

/** The local part of an address (everything before the last "@"). */
export function localPartOf(address: string): string {
  const at = address.lastIndexOf("@");
  return at < 0 ? address : address.slice(0, at);
}

/** An envelope, checking that it names at least one recipient (RFC 5321 §3.3: DATA needs a RCPT). */
export function envelope(mailFrom: string, rcptTo: readonly string[]): Envelope {
  if (rcptTo.length === 0) throw new Error("an envelope needs at least one RCPT TO");
  return { mailFrom, rcptTo: rcptTo.slice() };
}
