/**
 * What a mail user agent writes: the originating header and the envelope copied from
 * it (tutorial S8: the MUA copies To:/Cc:/Bcc: into RCPT TO, From: into MAIL FROM;
 * after that, only the envelope counts).
 *
 * Originator fields per RFC 5322 §3.6: Date and From are required; Message-Id
 * SHOULD be present; To, Cc, Subject, In-Reply-To, References, Precedence optional.
 * Bcc recipients go into the envelope only, never into the header (§3.6.3).
 */
import { type Clock, DEFAULT_CLOCK, rfc5322Date } from "./date";
import { envelope } from "./envelope";
import { type HeaderField } from "./headers";
import { type Message, mimeFields, type Part } from "./message";

export interface Draft {
  readonly id: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly bcc?: readonly string[];
  readonly subject?: string;
  /** Simulated time of writing (seconds). */
  readonly at: number;
  /** Host that names the Message-Id (the MUA's or submission server's domain). */
  readonly host: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
  readonly precedence?: "bulk" | "list" | "junk";
  /** Envelope sender when it differs from From: (a list's owner-/-errors address, S32). */
  readonly mailFrom?: string;
  /** Extra fields (Resent-*, X-ML-Name, Reply-To…), written after the standard ones. */
  readonly extra?: readonly HeaderField[];
  readonly body: Part;
  readonly clock?: Clock;
}

/** `<id@host>`: unique because the simulator's message id is (RFC 5322 §3.6.4). */
export function messageIdFor(id: string, host: string): string {
  return `<${id}@${host}>`;
}

/** The message as it leaves the MUA: header from the draft, envelope copied from it. */
export function compose(d: Draft): Message {
  const h: HeaderField[] = [
    { name: "Date", value: rfc5322Date(d.at, d.clock ?? DEFAULT_CLOCK) },
    { name: "From", value: d.from },
  ];
  if (d.to.length > 0) h.push({ name: "To", value: d.to.join(", ") });
  if (d.cc !== undefined && d.cc.length > 0) h.push({ name: "Cc", value: d.cc.join(", ") });
  if (d.subject !== undefined) h.push({ name: "Subject", value: d.subject });
  h.push({ name: "Message-Id", value: messageIdFor(d.id, d.host) });
  if (d.inReplyTo !== undefined) h.push({ name: "In-Reply-To", value: d.inReplyTo });
  if (d.references !== undefined && d.references.length > 0) h.push({ name: "References", value: d.references.join(" ") });
  if (d.precedence !== undefined) h.push({ name: "Precedence", value: d.precedence });
  if (d.extra !== undefined) h.push(...d.extra);
  h.push(...mimeFields(d.body));
  const rcpt = [...d.to, ...(d.cc ?? []), ...(d.bcc ?? [])];
  return { id: d.id, envelope: envelope(d.mailFrom ?? d.from, rcpt), header: h, body: d.body };
}
