/**
 * DNS over datagrams: how queries and responses travel between hosts.
 *
 * DNS uses UDP port 53 (RFC 1035 §4.2.1): one datagram out, one back, no
 * connection, no delivery guarantee. The network layer (sim/net) moves a datagram
 * of a given size between addresses and delays it by latency and the link's current
 * share; the payload itself is carried here, by closure, as encoded bytes. So what
 * a link pays for is the real encoded length of the message.
 *
 * A server *binds* an address (like a socket on port 53). A datagram to an address
 * with no server bound is dropped: the asker learns nothing and times out, as with
 * a dead server (ICMP port unreachable is not modelled).
 *
 * Every query opens an *exchange*, numbered 1, 2, 3… per transport: its response (if
 * any) belongs to the same exchange, and the trace events of both carry the number
 * as `msg`, so an inspector can find the bytes (messages.ts). The asker's UDP source
 * port is derived from the number (an ephemeral port in 49152–65535, RFC 6335 §6),
 * so a capture (sim/observe/pcap.ts) shows distinct flows, deterministically.
 * Observers that want the bytes of every datagram add themselves to `onDatagram`;
 * with none there, sending costs nothing more.
 */
import type { DecodedPacket } from "dns-packet";
import { decodeMessage } from "./wire";

/** The part of sim/net's Network that DNS uses (its datagram service and address lookup). */
export interface DatagramNetwork {
  sendDatagram(src: string, dst: string, bytes: number, port: number, arrive: () => void, lost?: () => void): void;
  hostByAddr(addr: string): { readonly name: string; readonly up: boolean } | undefined;
}

/** Something that answers DNS queries on an address: an authoritative server or a recursive resolver. */
export interface DnsEndpoint {
  /**
   * Handle a query from `from` (`msg` is the exchange number): return the encoded
   * response when it is known at once (an authoritative answer, a cache hit); else
   * return null and call `reply` with it from a later kernel event (a delayed server,
   * a resolver asking others), or never (silence).
   */
  receive(query: DecodedPacket, from: string, reply: (response: Buffer) => void, msg: number): Buffer | null;
}

export const DNS_PORT = 53;

/** One DNS datagram as it leaves its sender (what a packet capture records). */
export interface DnsDatagram {
  /** Simulated time it was sent. */
  t: number;
  /** The exchange it belongs to (a query and its response share the number). */
  exchange: number;
  response: boolean;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  bytes: Buffer;
}

/** The asker's UDP port for an exchange: one of the 16,384 dynamic ports (RFC 6335 §6). */
export function ephemeralPort(exchange: number): number {
  return 49152 + (exchange % 16384);
}

export class DnsTransport {
  private readonly endpoints = new Map<string, DnsEndpoint>();
  /** Listeners that see every datagram with its bytes (packet capture, the inspector's store). */
  readonly onDatagram: ((d: DnsDatagram) => void)[] = [];
  /** Exchanges opened so far (= queries sent). */
  exchanges = 0;

  /** `now` is the simulated clock, for the datagrams' timestamps. */
  constructor(
    readonly net: DatagramNetwork,
    private readonly now: () => number = () => 0,
  ) {}

  bind(addr: string, endpoint: DnsEndpoint): void {
    if (this.endpoints.has(addr)) throw new Error(`dns: ${addr} already has a DNS server`);
    this.endpoints.set(addr, endpoint);
  }

  unbind(addr: string): void {
    this.endpoints.delete(addr);
  }

  endpointAt(addr: string): DnsEndpoint | undefined {
    return this.endpoints.get(addr);
  }

  /** Host name behind an address, for traces ("a.root-servers.net" rather than 198.18.0.1). */
  nameOf(addr: string): string {
    return this.net.hostByAddr(addr)?.name ?? addr;
  }

  /**
   * Send an encoded query from `src` to `dst`. `onReply` runs when a response datagram
   * arrives; if the query or the response is lost, or the server stays silent, nothing
   * runs and the asker's own timer decides. Returns the exchange number.
   */
  send(src: string, dst: string, query: Buffer, onReply: (response: Buffer) => void): number {
    const msg = ++this.exchanges;
    if (this.onDatagram.length > 0) this.tap(msg, false, src, dst, query);
    this.net.sendDatagram(src, dst, query.length, DNS_PORT, () => {
      const ep = this.endpoints.get(dst);
      if (ep === undefined) return;
      const respond = (response: Buffer): void => {
        if (this.onDatagram.length > 0) this.tap(msg, true, dst, src, response);
        this.net.sendDatagram(dst, src, response.length, DNS_PORT, () => onReply(response));
      };
      const now = ep.receive(decodeMessage(query), src, respond, msg);
      if (now !== null) respond(now);
    });
    return msg;
  }

  private tap(exchange: number, response: boolean, src: string, dst: string, bytes: Buffer): void {
    const port = ephemeralPort(exchange);
    const d: DnsDatagram = {
      t: this.now(), exchange, response, src, dst,
      srcPort: response ? DNS_PORT : port, dstPort: response ? port : DNS_PORT, bytes,
    };
    for (const f of this.onDatagram) f(d);
  }
}
