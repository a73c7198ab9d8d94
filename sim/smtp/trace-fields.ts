/**
 * Trace fields: how a message records its route (RFC 5321 §4.4; tutorial S9).
 *
 * Every SMTP server that accepts a message puts a Received: field on *top*:
 *
 *   Received: from mail.example.com (mail.example.com [192.0.2.25])
 *           by gateway.example.gr.jp with ESMTP id 4A1B2C3D
 *           for <bob@example.gr.jp>; Tue, 4 Dec 2001 13:48:05 +0900
 *
 * `from` is the name the client gave in HELO/EHLO; the parenthesis holds what the
 * server itself saw: the reverse-DNS name of the peer address (or "unknown") and the
 * address in brackets (RFC 5321 §4.4 "TCP-info"). `with ESMTP` names the protocol
 * (RFC 3848), `id` the server's queue id, `for` the recipient when there is exactly
 * one (Postfix and sendmail print it only then, so a batched copy does not leak its
 * other recipients). The date after `;` is when this server took the message.
 *
 * At *final delivery* the delivering MTA adds Return-Path: with the envelope sender
 * (RFC 5321 §4.4: "the final delivery SMTP server ... MUST insert a return-path line")
 * and Delivered-To: with the envelope recipient (qmail-local, Postfix local(8)); qmail
 * refuses a message that already carries its own Delivered-To: line, a loop guard.
 */
import { type Clock, DEFAULT_CLOCK, rfc5322Date, rfc5322DateLength } from "./date";
import { angle } from "./envelope";
import { byteLength, type HeaderField, prepend, prependSized } from "./headers";
import { type Message } from "./message";

export interface ReceivedInfo {
  /** Name the client gave in HELO/EHLO. */
  readonly helo: string;
  /** Reverse-DNS name of the client address as the server found it; null when it has none. */
  readonly clientName: string | null;
  readonly clientAddr: string;
  /** The receiving host's own name. */
  readonly by: string;
  /** "SMTP" or "ESMTP" (RFC 3848 registers ESMTPS, ESMTPA… too). */
  readonly protocol?: string;
  /** The receiving server's queue id. */
  readonly queueId: string;
  /** The recipients of this transaction; `for <x>` is written when there is exactly one. */
  readonly recipients: readonly string[];
  /** Simulated time of acceptance, seconds. */
  readonly at: number;
  readonly clock?: Clock;
}

/** The value of a Received: field, folded the way sendmail and Postfix fold it. */
export function receivedValue(r: ReceivedInfo): string {
  return render(r.helo, r.clientName ?? "unknown", r.clientAddr, r.by, r.protocol ?? "ESMTP", r.queueId,
    r.recipients.length === 1 ? r.recipients[0] : undefined, rfc5322Date(r.at, r.clock ?? DEFAULT_CLOCK));
}

function render(helo: string, name: string, addr: string, by: string, protocol: string, queueId: string, forRcpt: string | undefined, date: string): string {
  const forPart = forRcpt !== undefined ? `\r\n\tfor ${angle(forRcpt)}` : "";
  return `from ${helo} (${name} [${addr}])\r\n\tby ${by} with ${protocol} id ${queueId}${forPart}; ${date}`;
}

/**
 * Wire bytes of the field `Received: <receivedValue(r)>` CRLF, counted from its
 * parts: the value is built by concatenation and stays unflattened until someone
 * reads it (the inspector, a bounce), while its size is needed at every hop.
 */
export function receivedBytes(r: ReceivedInfo): number {
  const forBytes = r.recipients.length === 1 ? 7 + byteLength(r.recipients[0]) + 2 : 0; // "\r\n\tfor " <rcpt>
  return (
    "Received: ".length + 5 + byteLength(r.helo) + 2 + byteLength(r.clientName ?? "unknown") + 2 + byteLength(r.clientAddr) + 2 + // from helo (name [addr])
    3 + 3 + byteLength(r.by) + 6 + byteLength(r.protocol ?? "ESMTP") + 4 + byteLength(r.queueId) + // \r\n\tby X with P id Q
    forBytes + 2 + rfc5322DateLength(r.at, r.clock ?? DEFAULT_CLOCK) + 2 // "; " date CRLF
  );
}

/**
 * A Received: field that writes its value out when first read. Every hop stamps
 * one and its size counts at once (receivedBytes), but the text — some 150
 * characters from a dozen pieces — is read only by an inspector, an explanation
 * or a bounce, for a few messages of a run. Only the pieces are kept, copied at
 * stamping time, so the text is what it would have been then.
 */
class ReceivedField implements HeaderField {
  readonly name = "Received";
  private text: string | undefined = undefined;
  private readonly helo: string;
  private readonly clientName: string;
  private readonly clientAddr: string;
  private readonly by: string;
  private readonly protocol: string;
  private readonly queueId: string;
  private readonly forRcpt: string | undefined;
  private readonly at: number;
  private readonly clock: Clock;

  constructor(r: ReceivedInfo) {
    this.helo = r.helo;
    this.clientName = r.clientName ?? "unknown";
    this.clientAddr = r.clientAddr;
    this.by = r.by;
    this.protocol = r.protocol ?? "ESMTP";
    this.queueId = r.queueId;
    this.forRcpt = r.recipients.length === 1 ? r.recipients[0] : undefined;
    this.at = r.at;
    this.clock = r.clock ?? DEFAULT_CLOCK;
  }

  get value(): string {
    if (this.text === undefined) {
      this.text = render(this.helo, this.clientName, this.clientAddr, this.by, this.protocol, this.queueId, this.forRcpt, rfc5322Date(this.at, this.clock));
    }
    return this.text;
  }

  toJSON(): { name: string; value: string } {
    return { name: this.name, value: this.value };
  }
}

/** The message with a new Received: field on top. */
export function addReceived(m: Message, r: ReceivedInfo): Message {
  return { ...m, header: prependSized(m.header, new ReceivedField(r), receivedBytes(r)) };
}

/**
 * Final delivery of one recipient's copy: Return-Path: (envelope sender, `<>` for a
 * bounce) on top, Delivered-To: below it, as in a Postfix or qmail mailbox.
 * Any Return-Path: already present is removed first (RFC 5321 §4.4: a relay should
 * not add one; the final one is authoritative).
 */
export function finalDelivery(m: Message, recipient: string): Message {
  const isReturnPath = (f: HeaderField): boolean => f.name.length === 11 && f.name.toLowerCase() === "return-path";
  const kept = m.header.some(isReturnPath) ? m.header.filter((f) => !isReturnPath(f)) : m.header;
  const fields: HeaderField[] = [
    { name: "Return-Path", value: angle(m.envelope.mailFrom) },
    { name: "Delivered-To", value: recipient },
  ];
  return { ...m, envelope: { ...m.envelope, rcptTo: [recipient] }, header: prepend(kept, ...fields) };
}
