import { describe, expect, it } from "vitest";
import { Kernel, RandomStreams } from "../../sim/engine";

/**
 * An M/M/1 queue built from the kernel's public API only. Queueing theory gives the
 * mean time in system independently of any code: W = 1 / (μ − λ).
 */
function mm1(lambda: number, mu: number, customers: number, seed: number): number {
  const k = new Kernel();
  const rnd = new RandomStreams(seed);
  const arrivals = rnd.stream("arrivals");
  const services = rnd.stream("services");
  const line: number[] = [];
  let head = 0;
  let busy = false;
  let done = 0;
  let sum = 0;
  const depart = (): void => {
    sum += k.now - line[head++];
    if (++done === customers) return k.stop();
    if (head < line.length) k.schedule(services.exponential(mu), depart);
    else busy = false;
    if (head > 1 << 16) {
      line.splice(0, head);
      head = 0;
    }
  };
  const arrive = (): void => {
    line.push(k.now);
    if (!busy) {
      busy = true;
      k.schedule(services.exponential(mu), depart);
    }
    k.schedule(arrivals.exponential(lambda), arrive);
  };
  k.schedule(arrivals.exponential(lambda), arrive);
  k.run();
  return sum / done;
}

describe("M/M/1 on the kernel", () => {
  it("λ = 0.9, μ = 1: mean time in system within 2 % of 1/(μ−λ) = 10", () => {
    const w = mm1(0.9, 1, 10_000_000, 42);
    expect(Math.abs(w - 10) / 10).toBeLessThan(0.02);
  });

  it("λ = 0.5, μ = 1: mean time in system within 1 % of 2", () => {
    const w = mm1(0.5, 1, 1_000_000, 7);
    expect(Math.abs(w - 2) / 2).toBeLessThan(0.01);
  });
});
