/**
 * Bounces and delay warnings: delivery status notifications (tutorial S30).
 *
 * Who gets a notice (RFC 5321 §4.5.5, §6.1; §4.5.4 "MUST NOT send error messages in
 * response to error messages"):
 *  - a message with a real sender: the notice goes to that envelope sender, itself sent
 *    with the null reverse-path `<>` so that it can never cause another notice;
 *  - a message whose sender is `<>` (a bounce) that fails: no notice to anyone outside;
 *    the MTA sends a *double bounce* to its postmaster (Postfix 2bounce_notice_recipient,
 *    sendmail DoubleBounceAddress, qmail doublebounceto);
 *  - a double bounce that fails: dropped ("Never send a triple bounce", Postfix
 *    bounce_notify_service.c; qmail-send.9 "If that bounces, qmail-send gives up");
 *  - delay warnings are never sent for `<>` mail (sendmail dropenvelope skips "<>").
 *
 * Format (RFC 3464, RFC 6522): `multipart/report; report-type=delivery-status` with
 *  1. a text/plain explanation for humans;
 *  2. message/delivery-status: per-message fields (Reporting-MTA required, Arrival-Date),
 *     an empty line, then per recipient Final-Recipient, Action (failed | delayed),
 *     Status (RFC 3463), Remote-MTA, Diagnostic-Code (only for a reply the remote
 *     server really sent), Last-Attempt-Date, Will-Retry-Until (delayed only);
 *  3. the returned message (message/rfc822) or only its header (text/rfc822-headers).
 * qmail writes no DSN: its bounce is plain text, "Hi. This is the qmail-send program at
 * …", the failed addresses with the remote text, then "--- Below this line is a copy of
 * the message." and the message itself (S31: "no DSN, poor error messages"); qmail sends
 * no delay warnings.
 */
import {
  angle, type Clock, DEFAULT_CLOCK, type Envelope, formatHeader, type HeaderField, isNullSender,
  type Message, messageIdFor, mimeFields, type Part, type Reply, replyLine, rfc5322Date, statusOf,
} from "../smtp";

export type NoticeTarget =
  | { readonly kind: "sender"; readonly to: string }
  | { readonly kind: "double-bounce"; readonly to: string }
  | { readonly kind: "drop"; readonly why: string };

/** Where a failure notice about a message with this envelope goes. */
export function noticeTarget(env: Envelope, postmaster: string): NoticeTarget {
  if (env.notification === "double-bounce") return { kind: "drop", why: "a double bounce failed: never send a triple bounce" };
  if (isNullSender(env.mailFrom)) return { kind: "double-bounce", to: postmaster };
  return { kind: "sender", to: env.mailFrom };
}

export interface RecipientStatus {
  readonly recipient: string;
  readonly originalRecipient?: string;
  /** The reply that decided (a remote 5xx, or the last 4xx/local failure for an expiry). */
  readonly reply: Reply;
  /** Host name of the server that gave the reply. */
  readonly remoteMta?: string;
  readonly lastAttempt?: number;
}

export interface DsnRequest {
  readonly original: Message;
  readonly kind: "failure" | "delay";
  readonly recipients: readonly RecipientStatus[];
  /** Fully qualified name of the MTA writing the report. */
  readonly reportingMta: string;
  /** When the original arrived at the reporting MTA. */
  readonly arrival: number;
  /** Now: the notice's Date. */
  readonly at: number;
  /** Delay warnings: until when the MTA keeps trying (Postfix: arrival + maximal_queue_lifetime). */
  readonly willRetryUntil?: number;
  /** Identity of the new message (ledger key, Message-Id). */
  readonly id: string;
  readonly format: "rfc3464" | "qmail";
  /** The local postmaster address, for double bounces. */
  readonly postmaster: string;
  /** Return the full message (default) or only its header. */
  readonly returnContent?: "full" | "headers";
  readonly clock?: Clock;
}

export type DsnResult =
  | { readonly kind: "send"; readonly message: Message; readonly target: NoticeTarget }
  | { readonly kind: "none"; readonly why: string };

/** The notice to send about `req.original`, or why none is sent. */
export function buildDsn(req: DsnRequest): DsnResult {
  const env = req.original.envelope;
  if (req.recipients.length === 0) return { kind: "none", why: "no recipients to report" };
  if (req.kind === "delay") {
    if (req.format === "qmail") return { kind: "none", why: "qmail sends no delay warnings" };
    if (isNullSender(env.mailFrom) || env.notification !== undefined) return { kind: "none", why: "no delay warning for null-sender mail" };
  }
  const target = noticeTarget(env, req.postmaster);
  if (target.kind === "drop") return { kind: "none", why: target.why };
  const clock = req.clock ?? DEFAULT_CLOCK;
  const date = (t: number): string => rfc5322Date(t, clock);
  const body = req.format === "qmail" ? qmailBody(req, target) : reportBody(req, date);
  const subject =
    req.format === "qmail" ? "failure notice"
    : req.kind === "delay" ? "Delayed Mail (still being retried)"
    : "Undelivered Mail Returned to Sender";
  const header: HeaderField[] = [
    { name: "Date", value: date(req.at) },
    { name: "From", value: `${req.format === "qmail" ? "" : "Mail Delivery System "}<MAILER-DAEMON@${req.reportingMta}>` },
    { name: "To", value: target.to },
    { name: "Subject", value: subject },
    { name: "Message-Id", value: messageIdFor(req.id, req.reportingMta) },
    { name: "Auto-Submitted", value: "auto-replied" }, // RFC 3834 §5
    ...mimeFields(body),
  ];
  const envelope: Envelope = { mailFrom: "", rcptTo: [target.to], notification: target.kind === "double-bounce" ? "double-bounce" : "dsn" };
  return { kind: "send", target, message: { id: req.id, envelope, header, body } };
}

function explanation(req: DsnRequest): string {
  const lines = [`This is the mail system at host ${req.reportingMta}.`, ""];
  if (req.kind === "delay") {
    lines.push(
      "####################################################################",
      "# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #",
      "####################################################################",
      "",
      "Your message could not be delivered for some time. It will be retried",
      req.willRetryUntil === undefined ? "for a while longer." : `until ${rfc5322Date(req.willRetryUntil, req.clock ?? DEFAULT_CLOCK)}.`,
    );
  } else {
    lines.push("I'm sorry to have to inform you that your message could not", "be delivered to one or more recipients. It's attached below.");
  }
  lines.push("");
  for (const r of req.recipients) lines.push(`${angle(r.recipient)}: ${r.remoteMta !== undefined ? `host ${r.remoteMta} said: ` : ""}${replyLine(r.reply)}`);
  return lines.join("\r\n") + "\r\n";
}

function deliveryStatus(req: DsnRequest, date: (t: number) => string): string {
  const blocks: string[][] = [[`Reporting-MTA: dns; ${req.reportingMta}`, `Arrival-Date: ${date(req.arrival)}`]];
  for (const r of req.recipients) {
    const b = [`Final-Recipient: rfc822; ${r.recipient}`];
    if (r.originalRecipient !== undefined) b.push(`Original-Recipient: rfc822; ${r.originalRecipient}`);
    b.push(`Action: ${req.kind === "delay" ? "delayed" : "failed"}`, `Status: ${statusOf(r.reply)}`);
    if (r.remoteMta !== undefined) b.push(`Remote-MTA: dns; ${r.remoteMta}`);
    if (r.reply.local !== true) b.push(`Diagnostic-Code: smtp; ${replyLine(r.reply)}`);
    if (r.lastAttempt !== undefined) b.push(`Last-Attempt-Date: ${date(r.lastAttempt)}`);
    if (req.kind === "delay" && req.willRetryUntil !== undefined) b.push(`Will-Retry-Until: ${date(req.willRetryUntil)}`);
    blocks.push(b);
  }
  return blocks.map((b) => b.join("\r\n") + "\r\n").join("\r\n");
}

function reportBody(req: DsnRequest, date: (t: number) => string): Part {
  return {
    kind: "multipart",
    contentType: "multipart/report; report-type=delivery-status",
    boundary: `${req.id}.dsn/${req.reportingMta}`,
    parts: [
      { kind: "text", contentType: "text/plain; charset=us-ascii", text: explanation(req) },
      { kind: "text", contentType: "message/delivery-status", text: deliveryStatus(req, date) },
      req.returnContent === "headers"
        ? { kind: "message", contentType: "text/rfc822-headers", message: req.original }
        : { kind: "message", contentType: "message/rfc822", message: req.original },
    ],
  };
}

function qmailBody(req: DsnRequest, target: NoticeTarget): Part {
  const lines = [`Hi. This is the qmail-send program at ${req.reportingMta}.`];
  if (target.kind === "double-bounce") lines.push("I tried to deliver a bounce message to this address, but the bounce bounced!");
  else lines.push("I'm afraid I wasn't able to deliver your message to the following addresses.", "This is a permanent error; I've given up. Sorry it didn't work out.");
  lines.push("");
  for (const r of req.recipients) {
    lines.push(`${angle(r.recipient)}:`);
    lines.push(r.remoteMta !== undefined ? `Remote host said: ${replyLine(r.reply)}` : `${r.reply.text} (#${statusOf(r.reply)})`);
    lines.push("");
  }
  lines.push("--- Below this line is a copy of the message.", "", "");
  const o = req.original;
  const returned: Message = { ...o, header: [{ name: "Return-Path", value: angle(o.envelope.mailFrom) }, ...o.header] };
  return {
    kind: "concat",
    contentType: "text/plain",
    parts: [
      { kind: "text", contentType: "text/plain", text: lines.join("\r\n") },
      { kind: "text", contentType: "text/plain", text: formatHeader(returned.header) },
      o.body,
    ],
  };
}
