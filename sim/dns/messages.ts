/**
 * The packet inspector's store (the tutorial's S4: look inside the reply and see the
 * MX records in the answer section and the exchangers' addresses in the additional).
 *
 * Trace events carry only facts and counts, never bytes (the fingerprint hashes every
 * event, and a run may send millions of messages). Each DNS event carries `msg`, the
 * transport's exchange number; this store, once asked to {@link DnsMessageLog.keep},
 * records the bytes of every datagram by exchange, so a viewer can decode any message
 * it sees in the trace:
 *
 *   sim.dns.messages.keep();                  // before running
 *   ...on a "dns.answer" event e: sim.dns.messages.inspect(e.msg).response?.answer
 *
 * Nothing is kept until someone asks, so a run that nobody inspects pays nothing.
 */
import type { DnsTransport } from "./transport";
import { decodeMessage, inspectMessage, type InspectedMessage } from "./wire";

export interface Exchange {
  /** The query's bytes, from when it was sent. */
  query?: Buffer;
  /** The response's bytes, if a server answered. */
  response?: Buffer;
  /** Sender addresses, for the inspector's header line. */
  client?: string;
  server?: string;
}

export class DnsMessageLog {
  private readonly exchanges = new Map<number, Exchange>();
  private keeping = false;

  constructor(private readonly transport: DnsTransport) {}

  /** Start recording every datagram's bytes (idempotent). */
  keep(): void {
    if (this.keeping) return;
    this.keeping = true;
    this.transport.onDatagram.push((d) => {
      let x = this.exchanges.get(d.exchange);
      if (x === undefined) {
        x = {};
        this.exchanges.set(d.exchange, x);
      }
      if (d.response) x.response = d.bytes;
      else {
        x.query = d.bytes;
        x.client = d.src;
        x.server = d.dst;
      }
    });
  }

  get kept(): boolean {
    return this.keeping;
  }

  /** The bytes of exchange `msg`, or undefined if it was not recorded. */
  get(msg: number): Exchange | undefined {
    return this.exchanges.get(msg);
  }

  /** Exchange `msg` decoded into its sections, as the inspector shows it. */
  inspect(msg: number): { query?: InspectedMessage; response?: InspectedMessage } | undefined {
    const x = this.exchanges.get(msg);
    if (x === undefined) return undefined;
    return {
      query: x.query && inspectMessage(decodeMessage(x.query)),
      response: x.response && inspectMessage(decodeMessage(x.response)),
    };
  }

  get size(): number {
    return this.exchanges.size;
  }
}
