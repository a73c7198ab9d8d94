/**
 * Flow slots: the hot per-flow state of the flow model, as parallel typed arrays.
 *
 * A re-solve visits thousands of flows; reaching each through an object and then
 * its route's array costs a cache miss or two per flow, the largest cost of a
 * re-solve (`npm run bench -- flows-star`). So each active flow gets a *slot*, reused after it ends, and
 * its rate, group, heap position, virtual finish and path (constraint ids, stored
 * inline at slot·stride) sit in flat arrays. The stride grows when a longer route
 * appears. Cold data (names, callback) stays on the Flow record.
 */
import type { SlotKeys } from "./group-heap";

export class FlowSlots implements SlotKeys {
  /** Bits per second. */
  rate: Float64Array = new Float64Array(0);
  /** Virtual finish in the flow's group (bytes of per-member service). */
  vfin: Float64Array = new Float64Array(0);
  /** Flow id, the tie-break in group heaps. */
  fid: Float64Array = new Float64Array(0);
  /** Bottleneck constraint (group), -1 when none. */
  group: Int32Array = new Int32Array(0);
  /** Position in the group heap. */
  pos: Int32Array = new Int32Array(0);
  /** Path length (hops). */
  plen: Int32Array = new Int32Array(0);
  /** Constraint ids, at slot·stride + k. */
  cons: Int32Array = new Int32Array(0);
  /** Position in members[cons] for each hop, at slot·stride + k. */
  mpos: Int32Array = new Int32Array(0);
  stride = 4;

  private capacity = 0;
  private free: number[] = [];
  private next = 0;

  /** A slot for a flow with this path; its rate starts at 0 and it is in no group. */
  alloc(id: number, path: Int32Array): number {
    if (path.length > this.stride) this.restride(Math.max(path.length, 2 * this.stride));
    let s = this.free.pop();
    if (s === undefined) {
      s = this.next++;
      if (s >= this.capacity) this.grow(Math.max(64, 2 * this.capacity));
    }
    this.rate[s] = 0;
    this.vfin[s] = 0;
    this.fid[s] = id;
    this.group[s] = -1;
    this.pos[s] = -1;
    this.plen[s] = path.length;
    this.cons.set(path, s * this.stride);
    return s;
  }

  release(s: number): void {
    this.free.push(s);
  }

  private grow(cap: number): void {
    const f64 = (a: Float64Array): Float64Array => { const b = new Float64Array(cap); b.set(a); return b; };
    const i32 = (a: Int32Array, n: number): Int32Array => { const b = new Int32Array(n); b.set(a); return b; };
    this.rate = f64(this.rate);
    this.vfin = f64(this.vfin);
    this.fid = f64(this.fid);
    this.group = i32(this.group, cap);
    this.pos = i32(this.pos, cap);
    this.plen = i32(this.plen, cap);
    this.cons = i32(this.cons, cap * this.stride);
    this.mpos = i32(this.mpos, cap * this.stride);
    this.capacity = cap;
  }

  private restride(stride: number): void {
    const cons = new Int32Array(this.capacity * stride);
    const mpos = new Int32Array(this.capacity * stride);
    for (let s = 0; s < this.next; s++) {
      for (let k = 0; k < this.plen[s]; k++) {
        cons[s * stride + k] = this.cons[s * this.stride + k];
        mpos[s * stride + k] = this.mpos[s * this.stride + k];
      }
    }
    this.cons = cons;
    this.mpos = mpos;
    this.stride = stride;
  }
}
