import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NumberColumn, StringColumn, StringIndex } from "../../sim/engine/columns";

describe("columns", () => {
  it("keep every record across page boundaries, as an array would", () => {
    const s = new StringColumn(), n = new NumberColumn(), want: [string, number][] = [];
    for (let i = 0; i < 10_000; i++) {
      const rec: [string, number] = [`k${i * 7}`, (i * 2654435761) | 0];
      want.push(rec);
      expect(s.push(rec[0])).toBe(i);
      n.push(rec[1]);
    }
    n.set(4096, -5);
    want[4096][1] = -5;
    expect(s.length).toBe(10_000);
    want.forEach(([k, v], i) => {
      expect(s.get(i)).toBe(k);
      expect(n.get(i)).toBe(v);
    });
  });

  it("index finds each key's record and nothing else, through growth (model: a Map)", () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string(), { maxLength: 3000 }), fc.array(fc.string(), { maxLength: 50 }), (keys, probes) => {
      const col = new StringColumn();
      const index = new StringIndex((r) => col.get(r));
      const model = new Map<string, number>();
      for (const k of keys) {
        const r = col.push(k);
        index.add(k, r);
        model.set(k, r);
      }
      for (const k of [...keys, ...probes]) expect(index.get(k)).toBe(model.get(k) ?? -1);
    }), { numRuns: 40 });
  });
});
