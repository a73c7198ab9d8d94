import { floorCase } from "./engine-mm1";

export default floorCase({
  name: "engine-deep",
  description: "10,000 independent M/M/1 queues on one kernel (≈20,000 pending events), 2,000,000 customers",
  queues: 10_000,
  minRate: 1.2e6,
});
