import { describe, expect, it } from "vitest";
import { Ledger } from "../../sim/engine";

describe("ledger", () => {
  it("follows each item from entry through places to its exit, and balances", () => {
    const l = new Ledger();
    l.enter("m1", "a@x");
    l.enter("m1", "b@x");
    l.enter("m2", "a@x");
    const gw = l.place("queued@gw");
    l.hold("m1", "a@x", gw);
    l.hold("m1", "b@x", "queued@gw");
    l.hold("m2", "a@x", "queued@relay");
    expect(l.fate("m1", "a@x")).toBe("held:queued@gw");
    l.settle("m1", "a@x", "delivered");
    l.release("m1", "b@x");
    expect(l.fate("m1", "b@x")).toBe("");
    l.settle("m1", "b@x", "bounced");
    expect(l.fate("m1", "a@x")).toBe("exit:delivered");
    expect(l.fate("m3", "a@x")).toBeUndefined();
    expect(l.balance()).toEqual({ entered: 3, settled: { delivered: 1, bounced: 1 }, held: { "queued@relay": 1 }, lost: 0, lostIds: [] });
    expect([...l.items()]).toEqual([["m1", "a@x", "exit:delivered"], ["m1", "b@x", "exit:bounced"], ["m2", "a@x", "held:queued@relay"]]);
  });

  it("counts an item left in transit as lost, by name", () => {
    const l = new Ledger();
    l.enter("m1", "a@x");
    l.enter("t1");
    l.settle("t1", "", "delivered");
    expect(l.balance()).toMatchObject({ lost: 1, lostIds: ["m1 a@x"] });
  });

  it("refuses impossible moves with the item's name", () => {
    const l = new Ledger();
    l.enter("m1", "a@x");
    expect(() => l.enter("m1", "a@x")).toThrow("item m1 a@x entered twice");
    expect(() => l.settle("m1", "b@x", "delivered")).toThrow("item m1 b@x settled as delivered but never entered");
    l.settle("m1", "a@x", "delivered");
    expect(() => l.settle("m1", "a@x", "bounced")).toThrow("settled twice (left as delivered, then bounced)");
    expect(() => l.hold("m1", "a@x", "queued@gw")).toThrow("held at queued@gw after it left as delivered");
  });

  it("finds members of a long list (indexed) as well as of a short one", () => {
    const l = new Ledger();
    const members = Array.from({ length: 40 }, (_, i) => `u${i}@list.example`);
    for (const m of members) l.enter("list", m);
    members.forEach((m, i) => (i % 2 === 0 ? l.settle("list", m, "delivered") : l.hold("list", m, "queued@lists")));
    expect(l.fate("list", "u17@list.example")).toBe("held:queued@lists");
    expect(l.fate("list", "u38@list.example")).toBe("exit:delivered");
    expect(() => l.enter("list", "u39@list.example")).toThrow("entered twice");
    expect(l.balance()).toMatchObject({ entered: 40, settled: { delivered: 20 }, held: { "queued@lists": 20 }, lost: 0 });
  });
});
