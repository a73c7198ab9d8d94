/**
 * A spam campaign through somebody else's relay (tutorial S23, S29): a spammer's
 * host connects to a relay, gives a forged envelope sender — a real person's
 * address, drawn from a list — and as many recipients as it can per message.
 *
 * With an open relay the relay queues the lot and delivers it; every recipient
 * that does not exist comes back as a bounce to the *forged* sender — backscatter,
 * the flood of DSNs innocent people receive (Postfix BACKSCATTER_README). With the
 * relay closed, the RCPTs are refused with 550 5.7.1 at SMTP time and nothing is
 * queued: the spammer's copies leave the ledger as `rejected`. Ratware does not
 * retry (smtp-client.ts).
 *
 * A mail bomb (S27) is the same machinery aimed at one address: many messages, or
 * huge ones, at one victim, filling the receiver's spool until it answers 452.
 */
import type { Stream } from "../engine";
import { compose, type Message } from "../smtp";
import { pickRecipients, startArrivals } from "./users";
import { sendOnce, type ClientEnv, type ClientOutcome } from "./smtp-client";

export interface SpamSpec {
  name: string;
  /** The spammer's host and the relay it abuses (host names). */
  client: string;
  server: string;
  port: number;
  helo: string;
  /** Forged envelope senders (chosen uniformly per message). */
  senders: readonly string[];
  to: readonly string[];
  /** Recipients per message (distinct). */
  recipients: number;
  count: number;
  /** Messages per second; undefined = all at `start`. */
  rate?: number;
  start: number;
  stop: number;
  size: (s: Stream) => number;
}

export interface SpamStreams {
  arrivals: Stream;
  sizes: Stream;
  people: Stream;
}

export function startSpam(env: ClientEnv, spec: SpamSpec, streams: SpamStreams, onDone?: (o: ClientOutcome) => void): void {
  const { kernel } = env;
  let sent = 0;
  const write = (): Message => {
    const id = `${spec.name}-${++sent}`;
    const from = spec.senders[streams.people.int(spec.senders.length)];
    const to = pickRecipients(streams.people, spec.to, spec.recipients);
    const bytes = Math.max(1, Math.round(spec.size(streams.sizes)));
    return compose({ id, from, to, at: kernel.now, host: spec.helo, subject: `offer ${sent}`,
      body: { kind: "opaque", contentType: "text/plain", bytes, transfer: "8bit" } });
  };
  startArrivals(kernel, spec, streams.arrivals, () =>
    sendOnce(env, { client: spec.client, server: spec.server, port: spec.port, helo: spec.helo, message: write() }, onDone));
}
