/**
 * A packet capture of the simulated DNS, in the classic libpcap format, so that
 * Wireshark and tshark show a run's queries and answers like a real trace
 * (`mxsim run dns-referral --pcap dns.pcap`, then `tshark -r dns.pcap`).
 *
 * Each DNS datagram the transport sends (transport.ts `onDatagram`, which carries
 * the bytes outside the trace events) becomes one Ethernet II / IPv4 / UDP frame:
 *  - addresses are the simulated ones; MAC addresses are made from them
 *    (02:00:a:b:c:d, a locally administered address, IEEE 802 §8.2.2);
 *  - the asker's port is the exchange's ephemeral port, the server's is 53;
 *  - the IPv4 header has its real total length and header checksum (RFC 791 §3.1,
 *    the checksum of RFC 1071), the UDP header its length and checksum over the
 *    pseudo-header (RFC 768);
 *  - timestamps are the simulated send times added to a fixed epoch, 2001-07-01
 *    00:00:00 UTC (the tutorial's year), so a capture is the same on every run.
 * The capture point is the sender's interface: a datagram lost on the way is in
 * the capture, as it would be on the sender's wire.
 *
 * File format: a 24-byte global header (magic 0xa1b2c3d4, version 2.4, snaplen
 * 65535, link type 1 = Ethernet), then per frame a 16-byte record header
 * (seconds, microseconds, captured length, original length) and the frame.
 * Built in memory (no `fs` in sim/); the CLI writes `bytes()` to the file.
 */
import type { DnsDatagram, DnsTransport } from "../dns";

/** 2001-07-01T00:00:00Z in Unix seconds. */
export const PCAP_EPOCH = 993945600;
export const LINKTYPE_ETHERNET = 1;

const ETH = 14;
const IP = 20;
const UDP = 8;

function ipv4Bytes(addr: string): number[] {
  return addr.split(".").map(Number);
}

/** The Internet checksum (RFC 1071) of `n` bytes of `b` from `off`, plus a starting sum. */
function checksum(b: Uint8Array, off: number, n: number, start = 0): number {
  let sum = start;
  for (let i = 0; i + 1 < n; i += 2) sum += (b[off + i] << 8) | b[off + i + 1];
  if (n % 2 === 1) sum += b[off + n - 1] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One datagram as an Ethernet/IPv4/UDP frame. */
export function dnsFrame(d: DnsDatagram): Uint8Array {
  const payload = d.bytes;
  const f = new Uint8Array(ETH + IP + UDP + payload.length);
  const v = new DataView(f.buffer);
  const src = ipv4Bytes(d.src);
  const dst = ipv4Bytes(d.dst);
  // Ethernet II: destination MAC, source MAC, EtherType IPv4.
  f.set([0x02, 0x00, ...dst], 0);
  f.set([0x02, 0x00, ...src], 6);
  v.setUint16(12, 0x0800);
  // IPv4 header.
  const ip = ETH;
  f[ip] = 0x45; // version 4, IHL 5 words
  v.setUint16(ip + 2, IP + UDP + payload.length);
  v.setUint16(ip + 4, (d.exchange * 2 + (d.response ? 1 : 0)) & 0xffff); // identification
  v.setUint16(ip + 6, 0x4000); // DF
  f[ip + 8] = 64; // TTL
  f[ip + 9] = 17; // UDP
  f.set(src, ip + 12);
  f.set(dst, ip + 16);
  v.setUint16(ip + 10, checksum(f, ip, IP));
  // UDP header and payload.
  const udp = ip + IP;
  const udpLen = UDP + payload.length;
  v.setUint16(udp, d.srcPort);
  v.setUint16(udp + 2, d.dstPort);
  v.setUint16(udp + 4, udpLen);
  f.set(payload, udp + UDP);
  const pseudo = ((src[0] << 8) | src[1]) + ((src[2] << 8) | src[3]) + ((dst[0] << 8) | dst[1]) + ((dst[2] << 8) | dst[3]) + 17 + udpLen;
  const sum = checksum(f, udp, udpLen, pseudo);
  v.setUint16(udp + 6, sum === 0 ? 0xffff : sum);
  return f;
}

/** A growing capture: frames are appended as the run sends them. */
export class PcapCapture {
  frames = 0;
  private readonly chunks: Uint8Array[] = [];

  constructor(readonly epoch = PCAP_EPOCH) {
    const h = new Uint8Array(24);
    const v = new DataView(h.buffer);
    v.setUint32(0, 0xa1b2c3d4, true);
    v.setUint16(4, 2, true);
    v.setUint16(6, 4, true);
    v.setUint32(16, 65535, true); // snaplen
    v.setUint32(20, LINKTYPE_ETHERNET, true);
    this.chunks.push(h);
  }

  add(d: DnsDatagram): void {
    const frame = dnsFrame(d);
    const us = Math.round(d.t * 1e6);
    const rec = new Uint8Array(16);
    const v = new DataView(rec.buffer);
    v.setUint32(0, this.epoch + Math.floor(us / 1e6), true);
    v.setUint32(4, us % 1e6, true);
    v.setUint32(8, frame.length, true);
    v.setUint32(12, frame.length, true);
    this.chunks.push(rec, frame);
    this.frames++;
  }

  /** The whole file so far. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** Start capturing every DNS datagram of `transport`. */
export function capturePcap(transport: DnsTransport, epoch = PCAP_EPOCH): PcapCapture {
  const c = new PcapCapture(epoch);
  transport.onDatagram.push((d) => c.add(d));
  return c;
}
