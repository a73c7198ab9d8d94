import type { BenchCase } from "../harness";
import { PeakMemory } from "../harness";
import { mm1Floor, mm1OnKernel } from "../models/mm1";
import { best } from "./engine-mm1";

const QUEUES = 10_000;
const CUSTOMERS = 2_000_000;

const engineDeep: BenchCase = {
  name: "engine-deep",
  description: "10,000 independent M/M/1 queues on one kernel (≈20,000 pending events), 2,000,000 customers",
  run() {
    const mem = new PeakMemory();
    mm1OnKernel(QUEUES, 0.9, 1, 200_000);
    mm1Floor(QUEUES, 0.9, 1, 200_000);
    const k = best(3, () => mm1OnKernel(QUEUES, 0.9, 1, CUSTOMERS));
    mem.sample();
    const f = best(3, () => mm1Floor(QUEUES, 0.9, 1, CUSTOMERS));
    mem.sample();
    const value = CUSTOMERS / k.seconds;
    const floor = CUSTOMERS / f.seconds;
    const ratio = value / floor;
    return {
      value, unit: "customers/s", baseline: floor, baselineLabel: "typed-array heap floor, same run",
      ratio, wallS: k.seconds, peakMB: mem.mb,
      target: "≥ 0.5× the floor and ≥ 1.2 M customers/s", met: ratio >= 0.5 && value >= 1.2e6,
      extra: { events: k.result.events },
    };
  },
};
export default engineDeep;
