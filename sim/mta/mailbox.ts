/**
 * The mailbox store of a mailbox server (S16's "spool"): final delivery.
 *
 * Final delivery writes Return-Path: from the envelope sender and Delivered-To:
 * (RFC 5321 §4.4, S9) and is where a message's journey ends: the ledger settles it
 * as delivered. The store keeps counts and bytes per mailbox (what a POP/IMAP
 * server would serve) and, for the inspector, the final header of the most recent
 * messages.
 */
import { NumberColumn, StringColumn, StringIndex } from "../engine";
import { finalDelivery, messageBytes, type Message } from "../smtp";

export interface Mailbox {
  readonly messages: number;
  readonly bytes: number;
}

/**
 * Mailboxes are kept in columns (engine/columns.ts), not a map of small objects: a
 * day at an ISP delivers to a million mailboxes, and a growing map of a million
 * objects is paid for at every scavenge.
 */
export class MailboxStore {
  private readonly names = new StringColumn();
  private readonly index = new StringIndex((i) => this.names.get(i));
  private readonly counts = new NumberColumn();
  private readonly sizes = new NumberColumn();
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

  /** What `user`'s mailbox holds now, or undefined if nothing was ever delivered to it. */
  mailbox(user: string): Mailbox | undefined {
    const i = this.index.get(user.toLowerCase());
    return i < 0 ? undefined : { messages: this.counts.get(i), bytes: this.sizes.get(i) };
  }

  /** Every mailbox with mail delivered to it, in order of first delivery. */
  *mailboxes(): IterableIterator<[user: string, box: Mailbox]> {
    for (let i = 0; i < this.names.length; i++) yield [this.names.get(i), { messages: this.counts.get(i), bytes: this.sizes.get(i) }];
  }

  /** A client took mail away (POP3 RETR + DELE). */
  take(user: string, messages: number, bytes: number): void {
    const i = this.index.get(user.toLowerCase());
    if (i < 0) return;
    this.counts.set(i, this.counts.get(i) - messages);
    this.sizes.set(i, this.sizes.get(i) - bytes);
  }

  /** Whether `user` (a local part) has a mailbox here; role addresses (RFC 2142) always do. */
  has(user: string): boolean {
    const u = user.toLowerCase();
    return this.users === "any" || this.users.includes(u) || ROLE_ADDRESSES.includes(u) || this.expands.has(u);
  }

  deliver(user: string, rcpt: string, m: Message): Message {
    const copy = finalDelivery(m, rcpt);
    const size = messageBytes(copy);
    const u = user.toLowerCase();
    let i = this.index.get(u);
    if (i < 0) {
      i = this.names.push(u);
      this.counts.push(0);
      this.sizes.push(0);
      this.index.add(u, i);
    }
    this.counts.set(i, this.counts.get(i) + 1);
    this.sizes.set(i, this.sizes.get(i) + size);
    this.totalMessages++;
    this.totalBytes += size;
    this.recent.push(copy);
    if (this.recent.length > this.keepRecent) this.recent.shift();
    return copy;
  }
}

/** RFC 2142 role mailboxes a mail domain must accept (S32). */
export const ROLE_ADDRESSES: readonly string[] = ["postmaster", "abuse", "hostmaster"];
