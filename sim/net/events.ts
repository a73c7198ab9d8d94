/**
 * The trace events of the network layer, declared on the engine's TraceEventMap.
 *
 * `host` (on every event) is where it happened: the source for flows, connects and
 * datagrams; the firewall for verdicts; the host itself for host.up/down; the
 * link's first endpoint for link events.
 */
import type { FirewallAction, Protocol } from "./firewall";

declare module "../engine/trace" {
  interface TraceEventMap {
    "flow.start": { flow: number; src: string; dst: string; bytes: number };
    "flow.end": { flow: number; ok: boolean; reason?: string };
    "link.down": { link: string };
    "link.up": { link: string };
    "link.bandwidth": { link: string; bps: number };
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    "host.down": {};
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    "host.up": {};
    "fw.verdict": {
      firewall: string;
      src: string;
      dst: string;
      proto: Protocol;
      dport: number;
      action: FirewallAction;
      /** Index of the deciding rule, -1 for the default (allow). */
      rule: number;
    };
    "tcp.connect": { src: string; dst: string; port: number; outcome: string };
    "datagram.lost": { src: string; dst: string };
  }
}

export {};
