/**
 * Users sending mail: messages written by a mail user agent and submitted to the
 * users' MTA (their message submission host). Mailing-list posts and mobile mail
 * are users with particular settings (mailing-list.ts, mobile.ts); spam and mail
 * bombs come from ratware instead (spam.ts, mail-bomb.ts), sharing the arrivals
 * and recipient picking defined here.
 *
 * Each message gets a sender and distinct recipients chosen uniformly from the
 * workload's lists — with probability `externalShare` from the external list
 * instead (the internal/external mix of an organisation's mail) — and a body
 * size drawn from its distribution. With probability `attachment.share` the
 * message is multipart/mixed with a binary attachment, base64-encoded, so it
 * grows by 4/3 plus a CRLF per 76 characters on the wire (RFC 2045 §6.8; S11,
 * S35: "attachments are big; size the spool"). The MUA copies the header
 * addresses into the envelope (S8).
 *
 * Every draw comes from the workload's own named streams (arrivals, sizes,
 * people, and mix/attachments only when used), so adding a workload, or changing
 * an MTA's retry law, leaves these messages exactly as they were (common random
 * numbers).
 */
import type { Kernel, Stream } from "../engine";
import { compose, type Draft, type Message, type Part } from "../smtp";
import { scheduleArrivals, type ArrivalSpec, type MessageWorkload } from "./arrivals";

export type { ArrivalSpec };

export interface UsersSpec extends MessageWorkload {
  senders: readonly string[];
  to: readonly string[];
  recipients: number;
  /** Recipients outside the organisation, chosen instead of `to` with probability `externalShare`. */
  externalTo?: readonly string[];
  externalShare?: number;
  /** A binary attachment on this share of messages, of the drawn raw size. */
  attachment?: { share: number; size: (s: Stream) => number };
  precedence?: Draft["precedence"];
  subject?: string;
  contentType?: string;
}

export interface UsersStreams {
  arrivals: Stream;
  sizes: Stream;
  people: Stream;
  /** Internal/external choice (only drawn from when externalShare is set). */
  mix?: Stream;
  /** Attachment choice and size (only drawn from when attachment is set). */
  attachments?: Stream;
}

/** Start the workload; `submit` hands each new message to the users' MTA. */
export function startUsers(kernel: Kernel, spec: UsersSpec, streams: UsersStreams, submit: (m: Message) => void): void {
  let sent = 0;
  const write = (): Message => {
    const id = `${spec.name}-${++sent}`;
    const from = spec.senders[streams.people.int(spec.senders.length)];
    const external = spec.externalTo !== undefined && spec.externalTo.length > 0 && (streams.mix ?? streams.people).bernoulli(spec.externalShare ?? 0);
    const to = pickRecipients(streams.people, external && spec.externalTo !== undefined ? spec.externalTo : spec.to, spec.recipients);
    const bytes = Math.max(1, Math.round(spec.size(streams.sizes)));
    const text: Part = { kind: "opaque", contentType: spec.contentType ?? "text/plain; charset=ISO-2022-JP", bytes, transfer: "7bit" };
    let body: Part = text;
    const a = spec.attachment;
    const as = streams.attachments ?? streams.sizes;
    if (a !== undefined && as.bernoulli(a.share)) {
      const raw = Math.max(1, Math.round(a.size(as)));
      body = { kind: "multipart", contentType: "multipart/mixed", boundary: `=_${id}`,
        parts: [text, { kind: "opaque", contentType: "application/octet-stream", bytes: raw, transfer: "base64", filename: `file${sent}.bin` }] };
    }
    return compose({ id, from, to, at: kernel.now, host: spec.host, subject: spec.subject ?? `message ${sent}`, precedence: spec.precedence, body });
  };
  startArrivals(kernel, spec, streams.arrivals, () => submit(write()));
}

/** Call `fire` at each arrival (shared by every message workload: users, spam, bombs); see arrivals.ts. */
export function startArrivals(kernel: Kernel, spec: ArrivalSpec, arrivals: Stream, fire: () => void): void {
  scheduleArrivals(kernel, spec, arrivals, fire);
}

/** `n` distinct recipients drawn uniformly from `to` (one draw when n = 1). */
export function pickRecipients(people: Stream, to: readonly string[], n: number): string[] {
  const k = Math.min(n, to.length);
  return k === 1 ? [to[people.int(to.length)]] : people.shuffle(to).slice(0, k);
}
