/**
 * The mailbox store of a mailbox server (S16's "spool"): final delivery.
 *
 * Final delivery writes Return-Path: from the envelope sender and Delivered-To:
 * (RFC 5321 §4.4, S9) and is where a message's journey ends: the ledger settles it
 * as delivered. The store keeps counts and bytes per mailbox (what a POP/IMAP
 * server would serve) and, for the inspector, the final header of the most recent
 * messages.
 */
import { finalDelivery, messageBytes, type Message } from "../smtp";

export interface Mailbox {
  messages: number;
  bytes: number;
}

export class MailboxStore {
  readonly boxes = new Map<string, Mailbox>();
  /** The last few delivered copies (final headers included), newest last. */
  readonly recent: Message[] = [];
  totalMessages = 0;
  totalBytes = 0;
  /** Local parts that are aliases or lists here (expansion.ts): accepted at RCPT, expanded at delivery. */
  readonly expands = new Set<string>();

  constructor(
    /** Users with a mailbox here, or "any" to accept every local part. */
    readonly users: readonly string[] | "any",
    private readonly keepRecent = 50,
  ) {}

  /** Whether `user` (a local part) has a mailbox here; role addresses (RFC 2142) always do. */
  has(user: string): boolean {
    const u = user.toLowerCase();
    return this.users === "any" || this.users.includes(u) || ROLE_ADDRESSES.includes(u) || this.expands.has(u);
  }

  deliver(user: string, rcpt: string, m: Message): Message {
    const copy = finalDelivery(m, rcpt);
    const size = messageBytes(copy);
    const u = user.toLowerCase();
    let box = this.boxes.get(u);
    if (box === undefined) {
      box = { messages: 0, bytes: 0 };
      this.boxes.set(u, box);
    }
    box.messages++;
    box.bytes += size;
    this.totalMessages++;
    this.totalBytes += size;
    this.recent.push(copy);
    if (this.recent.length > this.keepRecent) this.recent.shift();
    return copy;
  }
}

/** RFC 2142 role mailboxes a mail domain must accept (S32). */
export const ROLE_ADDRESSES: readonly string[] = ["postmaster", "abuse", "hostmaster"];
