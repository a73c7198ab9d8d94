/**
 * Users sending mail: a Poisson stream of messages written by a mail user agent
 * and submitted to the users' MTA (their message submission host).
 *
 * Each message gets a sender and distinct recipients chosen uniformly from the
 * workload's lists and a size drawn from its distribution; the MUA copies the
 * header addresses into the envelope (S8). Every draw comes from the workload's
 * own named streams, so adding a workload, or changing an MTA's retry law, leaves
 * these messages exactly as they were (common random numbers).
 */
import type { Kernel, Stream } from "../engine";
import { compose, type Message } from "../smtp";

export interface UsersSpec {
  /** Name of the workload (prefix of message ids). */
  name: string;
  senders: readonly string[];
  to: readonly string[];
  recipients: number;
  count: number;
  /** Messages per second; undefined = all `count` at `start`. */
  rate?: number;
  start: number;
  stop: number;
  /** Body bytes of one message. */
  size: (s: Stream) => number;
  /** The domain that names Message-Ids (the submission host's). */
  host: string;
}

export interface UsersStreams {
  arrivals: Stream;
  sizes: Stream;
  people: Stream;
}

/** Arrival times of a workload: all `count` at `start`, or a Poisson stream of `rate` until `count` or `stop`. */
export interface ArrivalSpec {
  count: number;
  rate?: number;
  start: number;
  stop: number;
}

/** Call `fire` at each arrival (shared by every message workload: users, spam, bombs). */
export function startArrivals(kernel: Kernel, spec: ArrivalSpec, arrivals: Stream, fire: () => void): void {
  if (spec.rate === undefined) {
    kernel.at(spec.start, () => {
      for (let i = 0; i < spec.count; i++) fire();
    });
    return;
  }
  const rate = spec.rate;
  let fired = 0;
  const next = (): void => {
    if (kernel.now > spec.stop) return;
    fire();
    if (++fired < spec.count) kernel.schedule(arrivals.exponential(rate), next);
  };
  kernel.at(spec.start + arrivals.exponential(rate), next);
}

/** `n` distinct recipients drawn uniformly from `to` (one draw when n = 1). */
export function pickRecipients(people: Stream, to: readonly string[], n: number): string[] {
  const k = Math.min(n, to.length);
  return k === 1 ? [to[people.int(to.length)]] : people.shuffle(to).slice(0, k);
}

/** Start the workload; `submit` hands each new message to the users' MTA. */
export function startUsers(kernel: Kernel, spec: UsersSpec, streams: UsersStreams, submit: (m: Message) => void): void {
  let sent = 0;
  const write = (): Message => {
    const id = `${spec.name}-${++sent}`;
    const from = spec.senders[streams.people.int(spec.senders.length)];
    const to = pickRecipients(streams.people, spec.to, spec.recipients);
    const bytes = Math.max(1, Math.round(spec.size(streams.sizes)));
    return compose({ id, from, to, at: kernel.now, host: spec.host, subject: `message ${sent}`,
      body: { kind: "opaque", contentType: "text/plain; charset=ISO-2022-JP", bytes, transfer: "7bit" } });
  };
  startArrivals(kernel, spec, streams.arrivals, () => submit(write()));
}
