/**
 * Raw transfers: bulk data between two hosts, with no mail protocol on top. The
 * simplest workload, used to exercise and calibrate the network layer (a file
 * copy saturating a line, cross traffic competing with mail).
 *
 * Each transfer is an item in the ledger: `delivered` when its last byte arrives,
 * `failed` when a fault breaks it, in transit (held on the path) at the end.
 */
import type { Kernel, Ledger, Stream } from "../engine";
import type { Network } from "../net";

export interface TransfersSpec {
  from: string;
  to: string;
  /** Total transfers; Infinity = until the end of the run. */
  count: number;
  /** Poisson starts per second; undefined = all `count` start at `start`. */
  rate?: number;
  start: number;
  /** Draws one transfer size in bytes. */
  size: (s: Stream) => number;
}

export interface TransferRecord {
  id: string;
  from: string;
  to: string;
  bytes: number;
  start: number;
  end: number;
  ok: boolean;
}

/** Start a transfer generator; `onDone` hears each finished transfer (for metrics). */
export function startTransfers(
  name: string,
  spec: TransfersSpec,
  env: { kernel: Kernel; net: Network; ledger: Ledger; arrivals: Stream; sizes: Stream },
  onDone?: (r: TransferRecord) => void,
): void {
  const { kernel, net, ledger } = env;
  let started = 0;
  const begin = (): void => {
    const id = `${name}#${started++}`;
    const bytes = spec.size(env.sizes);
    const t0 = kernel.now;
    ledger.enter(id);
    ledger.hold(id, "", `in-transit:${spec.from}->${spec.to}`);
    net.transfer(spec.from, spec.to, bytes, (o) => {
      ledger.settle(id, "", o.ok ? "delivered" : "failed");
      onDone?.({ id, from: spec.from, to: spec.to, bytes, start: t0, end: kernel.now, ok: o.ok });
    });
  };
  if (spec.rate === undefined) {
    kernel.at(spec.start, () => {
      for (let i = 0; i < spec.count; i++) begin();
    });
    return;
  }
  const rate = spec.rate;
  const next = (): void => {
    begin();
    if (started < spec.count) kernel.schedule(env.arrivals.exponential(rate), next);
  };
  kernel.at(spec.start + env.arrivals.exponential(rate), next);
}
