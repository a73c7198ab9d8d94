/**
 * Append-only columns for records that accumulate over a whole run (one per
 * message, a million in a day at an ISP), and an index from a string key to a
 * record number.
 *
 * Why not plain arrays and a Map: a JavaScript array or Map that keeps growing is
 * reallocated at every doubling, and each new backing store is born in the young
 * generation, where every scavenge that finds it alive copies or scans it again:
 * on the relay-chain benchmark, a ledger of growing arrays and a growing Map spends
 * three times as long in scavenges (≈ 0.7 s of a 4 s run). Here storage
 * grows by fixed pages that are never copied, numbers live in typed arrays the
 * collector does not scan at all (float64 only: one kind of page keeps every
 * access monomorphic, and small integers are exact in it), and the index is open
 * addressing over a typed array of record numbers.
 */

const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;

/** A column of strings, record number → string. */
export class StringColumn {
  private readonly pages: string[][] = [];
  length = 0;

  push(s: string): number {
    const i = this.length++;
    if ((i & MASK) === 0) this.pages.push(new Array<string>(PAGE).fill(""));
    this.pages[i >>> PAGE_BITS][i & MASK] = s;
    return i;
  }

  get(i: number): string {
    return this.pages[i >>> PAGE_BITS][i & MASK];
  }
}

/** A column of numbers (float64), record number → value. */
export class NumberColumn {
  private readonly pages: Float64Array[] = [];
  length = 0;

  push(v: number): number {
    const i = this.length++;
    if ((i & MASK) === 0) this.pages.push(new Float64Array(PAGE));
    this.pages[i >>> PAGE_BITS][i & MASK] = v;
    return i;
  }

  get(i: number): number {
    return this.pages[i >>> PAGE_BITS][i & MASK];
  }

  set(i: number, v: number): void {
    this.pages[i >>> PAGE_BITS][i & MASK] = v;
  }
}

/** FNV-1a over UTF-16 code units: keys are short ids, so this costs a few multiplications. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * An index from string keys to record numbers (each key at most once), by open
 * addressing with linear probing. The keys themselves stay in the caller's
 * {@link StringColumn}; the table holds record number + 1 (0 = empty).
 */
export class StringIndex {
  private slots = new Int32Array(1024);
  private count = 0;

  constructor(private readonly keyOf: (record: number) => string) {}

  /** The record stored under `key`, or -1. */
  get(key: string): number {
    const slots = this.slots, mask = slots.length - 1;
    for (let p = hash(key) & mask; ; p = (p + 1) & mask) {
      const r = slots[p];
      if (r === 0) return -1;
      if (this.keyOf(r - 1) === key) return r - 1;
    }
  }

  /** Store `record` under `key`, which must not be present yet. */
  add(key: string, record: number): void {
    if (2 * (this.count + 1) > this.slots.length) this.grow();
    this.place(hash(key), record);
    this.count++;
  }

  private place(h: number, record: number): void {
    const slots = this.slots, mask = slots.length - 1;
    let p = h & mask;
    while (slots[p] !== 0) p = (p + 1) & mask;
    slots[p] = record + 1;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.place(hash(this.keyOf(old[i] - 1)), old[i] - 1);
  }
}
