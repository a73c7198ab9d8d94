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
  /** Handle a query from `from`; call `reply` with the encoded response, or never (silence). */
  receive(query: DecodedPacket, from: string, reply: (response: Buffer) => void): void;
}

export const DNS_PORT = 53;

export class DnsTransport {
  private readonly endpoints = new Map<string, DnsEndpoint>();

  constructor(readonly net: DatagramNetwork) {}

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
   * runs and the asker's own timer decides.
   */
  send(src: string, dst: string, query: Buffer, onReply: (response: Buffer) => void): void {
    this.net.sendDatagram(src, dst, query.length, DNS_PORT, () => {
      const ep = this.endpoints.get(dst);
      if (ep === undefined) return;
      ep.receive(decodeMessage(query), src, (response) => {
        this.net.sendDatagram(dst, src, response.length, DNS_PORT, () => onReply(response));
      });
    });
  }
}
