/**
 * SMTP replies as data.
 *
 * A reply has three parts (RFC 5321 §4.2, RFC 3463 §2):
 *  - the *basic* three-digit code, whose first digit is the verdict: 2yz done,
 *    3yz go on (354 after DATA), 4yz *transient* failure (try again later),
 *    5yz *permanent* failure (do not repeat the same request);
 *  - the *enhanced* status code `class.subject.detail` of RFC 3463 (RFC 1893 in the
 *    tutorial's day), e.g. 5.1.1 "bad destination mailbox address". Its class
 *    MUST agree with the basic code's first digit (RFC 3463 §3.1; RFC 2034 §3);
 *  - free text for humans.
 *
 * On the wire: `550 5.1.1 <bob@x>: Recipient address rejected: User unknown`.
 * A multi-line reply repeats the code with `-` after it on every line but the last
 * (RFC 5321 §4.2.1). The 220 greeting and the 354 go-ahead carry no enhanced code
 * (RFC 2034 §3 applies them to replies after MAIL, RCPT, DATA and the like).
 *
 * Some outcomes never cross the wire: a connection that times out (4.4.1), a DNS
 * failure (4.4.3), an MX list that loops back to us (5.4.6). The MTA reports them
 * with a status of its own making; such replies are marked `local: true`, and a DSN
 * gives them no `Diagnostic-Code: smtp;` line (RFC 3464 §2.3.6 is for remote replies).
 */

export interface Reply {
  /** Basic reply code, 200..599. */
  readonly code: number;
  /** RFC 3463 enhanced status code "c.s.d", or null (greeting, 354). */
  readonly enhanced: string | null;
  /** Human text, one entry per line of a multi-line reply. */
  readonly text: string;
  /** True when produced by the client MTA itself (timeouts, DNS, loops), never sent by a server. */
  readonly local?: boolean;
}

const ENHANCED = /^([245])\.(\d{1,3})\.(\d{1,3})$/;

/** True for a syntactically valid RFC 3463 code (class 2, 4 or 5; subject and detail 0..999). */
export function isEnhancedCode(s: string): boolean {
  return ENHANCED.test(s);
}

/** Builds a reply, checking RFC 3463 §3.1: the enhanced class equals the first digit of the code. */
export function reply(code: number, enhanced: string | null, text: string, local = false): Reply {
  if (!Number.isInteger(code) || code < 200 || code > 599) throw new Error(`SMTP reply code ${code} is not in 200..599`);
  if (enhanced !== null) {
    const m = ENHANCED.exec(enhanced);
    if (m === null) throw new Error(`"${enhanced}" is not an RFC 3463 enhanced status code (c.s.d with c in 2,4,5)`);
    if (Number(m[1]) !== Math.floor(code / 100)) {
      throw new Error(`enhanced code ${enhanced} disagrees with basic code ${code} (RFC 3463 §3.1)`);
    }
  }
  return local ? { code, enhanced, text, local: true } : { code, enhanced, text };
}

/** 5yz: the request failed for good; the sender bounces (RFC 5321 §4.2.1). */
export function isPermanent(r: Reply): boolean {
  return r.code >= 500;
}

/** 4yz: the request failed for now; the sender queues and retries (RFC 5321 §4.2.1, §4.5.4.1). */
export function isTransient(r: Reply): boolean {
  return r.code >= 400 && r.code < 500;
}

/** 2yz or 3yz. */
export function isPositive(r: Reply): boolean {
  return r.code < 400;
}

/**
 * The status a DSN reports for this reply (RFC 3464 §2.3.4): the enhanced code if the
 * server gave one, else the class alone with "0.0" ("other undefined status", RFC 3463 §3.1).
 */
export function statusOf(r: Reply): string {
  return r.enhanced ?? `${Math.floor(r.code / 100)}.0.0`;
}

/** The reply as the server writes it, CRLF-terminated lines (RFC 5321 §4.2.1 multi-line form). */
export function formatReply(r: Reply): string {
  const lines = r.text.split("\n");
  return lines
    .map((line, i) => {
      const sep = i < lines.length - 1 ? "-" : " ";
      const body = r.enhanced === null ? line : `${r.enhanced} ${line}`;
      return `${r.code}${sep}${body}`.trimEnd() + "\r\n";
    })
    .join("");
}

/** The one-line form used in logs and in DSN Diagnostic-Code fields (no CRLF, lines joined by a space). */
export function replyLine(r: Reply): string {
  const t = r.text.split("\n").join(" ");
  return r.enhanced === null ? `${r.code} ${t}` : `${r.code} ${r.enhanced} ${t}`;
}

/** Parses the wire form (one or several lines) back into a Reply; the inverse of {@link formatReply}. */
export function parseReply(wire: string): Reply {
  const lines = wire.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines.length === 0) throw new Error("empty SMTP reply");
  let code = -1;
  let enhanced: string | null = null;
  const texts: string[] = [];
  lines.forEach((line, i) => {
    const m = /^(\d{3})([ -]?)(.*)$/.exec(line);
    if (m === null) throw new Error(`not an SMTP reply line: ${JSON.stringify(line)}`);
    const c = Number(m[1]);
    if (code === -1) code = c;
    else if (c !== code) throw new Error(`multi-line reply mixes codes ${code} and ${c}`);
    const last = i === lines.length - 1;
    if ((m[2] === "-") === last) throw new Error(`bad continuation marker on line ${i + 1} of reply`);
    let rest = m[3];
    const e = /^([245]\.\d{1,3}\.\d{1,3})(?: |$)(.*)$/.exec(rest);
    if (e !== null && Number(e[1][0]) === Math.floor(c / 100)) {
      if (i === 0) enhanced = e[1];
      if (enhanced === e[1]) rest = e[2];
    }
    texts.push(rest);
  });
  return reply(code, enhanced, texts.join("\n"));
}

/**
 * Reply texts split at their placeholders, once per text: [literal, name, literal,
 * …, literal]. Replies are filled at every step of every session (a greeting, a
 * queue id, each failure), and a regular-expression replace per fill was a tenth
 * of a retry storm's allocation. Bounded, in case texts are made on the fly.
 */
const templates = new Map<string, readonly string[]>();
const MAX_TEMPLATES = 1024;

function templateOf(text: string): readonly string[] {
  let t = templates.get(text);
  if (t === undefined) {
    t = text.split(/\{(\w+)\}/);
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(text, t);
  }
  return t;
}

/** Fills `{name}` placeholders of a reply text. An unknown placeholder is an error, not a silent blank. */
export function fillReply(r: Reply, vars: Readonly<Record<string, string>>): Reply {
  const t = templateOf(r.text);
  let text = t[0];
  for (let i = 1; i < t.length; i += 2) {
    const v = vars[t[i]];
    if (v === undefined) throw new Error(`reply text needs {${t[i]}}`);
    text += v + t[i + 1];
  }
  return { ...r, text };
}

/**
 * The replies mxsim uses, keyed by name. Texts follow the MTA that made the wording
 * familiar (Postfix smtpd, sendmail srvrsmtp.c, qmail-remote); `{rcpt}`, `{host}`,
 * `{size}`… are filled with {@link fillReply}. Enhanced codes per RFC 3463 unless noted.
 */
export const REPLIES = {
  // 2yz / 3yz
  greeting: reply(220, null, "{host} ESMTP"),
  closing: reply(221, "2.0.0", "Bye"),
  ok: reply(250, "2.0.0", "Ok"),
  queued: reply(250, "2.0.0", "Ok: queued as {id}"),
  senderOk: reply(250, "2.1.0", "Ok"), // X.1.0 "other address status" (sender accepted)
  recipientOk: reply(250, "2.1.5", "Ok"), // X.1.5 "destination address valid"
  willForward: reply(251, "2.1.5", "User not local; will forward to <{forward}>"),
  startMailInput: reply(354, null, "End data with <CR><LF>.<CR><LF>"),
  authOk: reply(235, "2.7.0", "Authentication successful"), // RFC 4954 §6
  // 4yz: transient
  serviceUnavailable: reply(421, "4.3.2", "{host} Service not available, closing transmission channel"),
  tooManyConnections: reply(421, "4.7.0", "{host} Error: too many connections"),
  tempPolicy: reply(450, "4.7.1", "<{rcpt}>: Recipient address rejected: Try again later"),
  localError: reply(451, "4.3.0", "Requested action aborted: local error in processing"),
  dnsblTempfail: reply(451, "4.4.3", "Temporary lookup failure of {addr} at {list}"), // sendmail dnsbl 't'
  spoolFull: reply(452, "4.3.1", "Insufficient system storage"),
  tooManyRecipients: reply(452, "4.5.3", "Too many recipients"), // RFC 5321 §4.5.3.1.10
  authTempFail: reply(454, "4.7.0", "Temporary authentication failure"), // RFC 4954 §6
  tlsNotOffered: reply(451, "4.7.4", "TLS is required, but was not offered by host {host}", true), // Postfix smtp_tls.c
  tlsUntrusted: reply(451, "4.7.5", "Server certificate not trusted: {host}", true), // Postfix smtp_tls.c
  connectionRate: reply(421, "4.3.2", "Connection rate limit exceeded"), // sendmail ratecontrol / Postfix anvil
  // 4yz made by the client itself
  noAnswer: reply(421, "4.4.1", "connect to {host}[{addr}]: Connection timed out", true),
  connectionRefused: reply(421, "4.4.1", "connect to {host}[{addr}]: Connection refused", true),
  lostConnection: reply(421, "4.4.2", "lost connection with {host}[{addr}]", true),
  dnsFailure: reply(451, "4.4.3", "Host or domain name lookup failure: {domain}", true),
  noPrimaryRelay: reply(451, "4.4.4", "mail for {domain} loops back to myself: unable to find primary relay", true),
  delayExpired: reply(451, "4.4.7", "Delivery time expired", true),
  // 5yz: permanent
  authNotSupported: reply(502, "5.5.1", "AUTH not supported"), // RFC 4954 §4
  authRequired: reply(530, "5.7.0", "Authentication required"), // RFC 4954 §6
  authInvalid: reply(535, "5.7.8", "Authentication credentials invalid"), // RFC 4954 §6
  accessDenied: reply(550, "5.7.1", "Access denied"), // sendmail access db REJECT
  mimeTooDeep: reply(554, "5.6.0", "MIME nesting exceeds safety limit"), // Postfix cleanup mime_nesting_limit
  userUnknown: reply(550, "5.1.1", "<{rcpt}>: Recipient address rejected: User unknown"),
  hostUnknown: reply(550, "5.1.2", "Host unknown (Name server: {domain}: host not found)", true),
  relayDenied: reply(550, "5.7.1", "<{rcpt}>: Relay access denied"),
  policyRejected: reply(550, "5.7.1", "{text}"),
  dnsblListed: reply(550, "5.7.1", "Rejected: {addr} listed at {list}"), // sendmail FEATURE(dnsbl)
  userNotLocal: reply(551, "5.1.6", "User not local; please try <{forward}>"),
  tooBig: reply(552, "5.3.4", "Message size exceeds fixed limit"),
  badAddressSyntax: reply(553, "5.1.3", "<{rcpt}>: Bad address syntax"),
  loopsBackToMe: reply(553, "5.3.5", "{host} config error: mail loops back to me (MX problem?)"), // sendmail usersmtp.c
  tooManyHops: reply(554, "5.4.6", "Too many hops {hops} ({limit} max)"), // sendmail; Postfix says 5.4.0
  transactionFailed: reply(554, "5.7.1", "Transaction failed"),
  routingLoop: reply(554, "5.4.6", "mail for {domain} loops back to myself", true), // Postfix smtp_addr.c
  unroutable: reply(554, "5.4.4", "Host or domain name not found: {domain}", true),
  noMxAddress: reply(554, "5.4.4", "MX host {host} has no address", true),
  nullMx: reply(556, "5.1.10", "Recipient address has null MX"), // RFC 7505 §4.2, the text it suggests
} as const satisfies Record<string, Reply>;

export type ReplyName = keyof typeof REPLIES;

/** A named reply from the table with its placeholders filled. */
export function replyFor(name: ReplyName, vars: Readonly<Record<string, string>> = {}): Reply {
  return fillReply(REPLIES[name], vars);
}
