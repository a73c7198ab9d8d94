/**
 * A mail bomb (S27): one victim address receives huge messages, or a huge number
 * of them, fast, straight from the attacker's ratware (spam.ts's machinery aimed
 * at one address). Both kinds fill the spool: a size limit (MaxMessageSize,
 * message_size_limit: 552 5.3.4) stops the first at DATA; a spool limit (452
 * 4.3.1 insufficient system storage) refuses the second once the queue is full.
 * Ratware does not retry, so what is refused leaves the ledger as `rejected`.
 * From the outside a bomb is hard to tell from a mail loop.
 */
import type { Stream } from "../engine";
import type { SpamSpec } from "./spam";

export interface BombSpec {
  name: string;
  /** Attacker's host, the server it connects to (the victim's MX host). */
  client: string;
  server: string;
  sender: string;
  victim: string;
  count: number;
  rate?: number;
  start: number;
  size: (s: Stream) => number;
}

export function bombCampaign(b: BombSpec): SpamSpec {
  return { name: b.name, client: b.client, server: b.server, port: 25, helo: `${b.client}.attacker.example`, senders: [b.sender],
    to: [b.victim], recipients: 1, count: b.count, rate: b.rate, start: b.start, stop: Infinity, size: b.size };
}
