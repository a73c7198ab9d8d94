/**
 * Datagrams (UDP, as DNS uses them): one packet, no connection, no retransmission.
 *
 * A datagram of B bytes takes the route's latency plus B·8/share seconds, where
 * share is the max-min rate a new flow on the same route would get right now
 * (FlowModel.share): a DNS query on a line saturated by mail waits behind it, one
 * on an idle line does not. A datagram is too short-lived to change the flows'
 * rates, so it does not take bandwidth from them (its bytes are not in linkStats).
 *
 * It is lost, silently as UDP is, when there is no route, the source is down, a
 * firewall on the route denies it (drop or reject: either way it never arrives),
 * or — judged on arrival — the destination or any hop of the route is down.
 * The sender learns nothing; `lost` is for tests and metrics (and a trace event is
 * emitted), and protocols above must use their own timeouts.
 */
import type { FlowModel } from "./flows";
import type { NetCore } from "./connect";

export function sendDatagram(
  net: NetCore,
  flows: FlowModel,
  srcName: string,
  dstName: string,
  bytes: number,
  port: number,
  arrive: () => void,
  lost?: () => void,
): void {
  const { kernel, bus } = net;
  const src = net.endpoint(srcName);
  const dst = net.endpoint(dstName);
  const drop = (): void => {
    if (bus.on) bus.emit({ t: kernel.now, type: "datagram.lost", host: src.host.name, src: src.host.name, dst: dst.host.name });
    if (lost) lost();
  };
  const route = src.host.up ? net.router.route(src.host.index, dst.host.index) : null;
  if (route === null || net.filter(route, "udp", src, dst, port) !== null) {
    kernel.schedule(0, drop);
    return;
  }
  const share = flows.share(route.cons);
  const delay = route.latency + (bytes > 0 ? (bytes * 8) / share : 0);
  if (!Number.isFinite(delay)) {
    kernel.schedule(0, drop);
    return;
  }
  kernel.schedule(delay, () => {
    if (dst.host.up && net.routeUp(route)) arrive();
    else drop();
  });
}
