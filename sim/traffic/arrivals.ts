/**
 * When a workload's messages are written: all `count` at `start`, or a Poisson
 * process of `rate` per second from `start` until `stop` or `count`, optionally
 * modulated over the day by a diurnal profile (diurnal.ts).
 *
 * The modulated process is a non-homogeneous Poisson process drawn by thinning
 * (Lewis & Shedler 1979): candidates arrive at the peak rate λ·max(m) and each is
 * kept with probability m(h)/max(m), where h is the hour of day at the
 * candidate's time. Both draws come from the workload's own arrivals stream, so
 * a flat profile gives a different sequence from no profile, but the same
 * scenario always gives the same one.
 */
import type { Kernel, Stream } from "../engine";

export interface ArrivalSpec {
  /** Messages in total (Infinity = until `stop`). */
  count: number;
  /** Mean messages per second; undefined = all `count` at `start`. */
  rate?: number;
  start: number;
  stop: number;
  /** Hourly multipliers with mean 1 (diurnalMultipliers), or undefined for a constant rate. */
  diurnal?: readonly number[];
}

/** A workload of messages: when they arrive, how big their bodies are, and whose domain names them. */
export interface MessageWorkload extends ArrivalSpec {
  /** Name of the workload (prefix of message ids). */
  name: string;
  /** Body bytes of one message. */
  size: (s: Stream) => number;
  /** The domain that names Message-Ids (the submission host's). */
  host: string;
}

/** Calls `fire(i)` for the i-th arrival (0-based), at its time. */
export function scheduleArrivals(kernel: Kernel, spec: ArrivalSpec, stream: Stream, fire: (i: number) => void): void {
  if (spec.count <= 0) return;
  if (spec.rate === undefined) {
    kernel.at(spec.start, () => {
      for (let i = 0; i < spec.count; i++) fire(i);
    });
    return;
  }
  const m = spec.diurnal;
  const peak = m === undefined ? 1 : Math.max(...m);
  const lambda = spec.rate * peak;
  let fired = 0;
  const candidate = (): void => {
    if (kernel.now > spec.stop) return;
    const keep = m === undefined || stream.random() * peak < m[Math.floor((kernel.now % 86_400) / 3600)];
    if (keep) fire(fired++);
    if (fired < spec.count) kernel.schedule(stream.exponential(lambda), candidate);
  };
  kernel.at(spec.start + stream.exponential(lambda), candidate);
}
