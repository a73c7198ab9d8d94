/**
 * A network that follows sim/net's datagram contract with latency only (no bandwidth,
 * no firewalls): enough to test DNS timing by hand-computed timelines.
 */
import { Kernel, TraceBus } from "../../sim/engine";
import { DnsTransport, type DatagramNetwork } from "../../sim/dns";

export class FakeNet implements DatagramNetwork {
  readonly hosts = new Map<string, { name: string; up: boolean }>();
  /** One-way latency between two addresses (symmetric); default `latency`. */
  readonly pairLatency = new Map<string, number>();
  datagrams = 0;
  bytes = 0;

  constructor(readonly kernel: Kernel, public latency = 0.01) {}

  add(name: string, addr: string): void {
    this.hosts.set(addr, { name, up: true });
  }

  setUp(addr: string, up: boolean): void {
    const h = this.hosts.get(addr);
    if (h) h.up = up;
  }

  setLatency(a: string, b: string, s: number): void {
    this.pairLatency.set(`${a} ${b}`, s);
    this.pairLatency.set(`${b} ${a}`, s);
  }

  hostByAddr(addr: string) {
    return this.hosts.get(addr);
  }

  sendDatagram(src: string, dst: string, bytes: number, _port: number, arrive: () => void, lost?: () => void): void {
    this.datagrams++;
    this.bytes += bytes;
    const d = this.pairLatency.get(`${src} ${dst}`) ?? this.latency;
    this.kernel.schedule(d, () => {
      if (this.hosts.get(src)?.up !== false && this.hosts.get(dst)?.up === true) arrive();
      else lost?.();
    });
  }
}

export function world(latency = 0.01) {
  const kernel = new Kernel();
  const bus = new TraceBus();
  const net = new FakeNet(kernel, latency);
  const transport = new DnsTransport(net);
  return { kernel, bus, net, transport };
}
