/**
 * The flow model's constraints: the two directions of every link (link i owns
 * constraint ids 2i and 2i+1), each a capacity shared max-min by the flows that
 * cross it (flows.ts).
 *
 * Per constraint, in typed arrays grown by doubling: the capacity, the load its
 * flows put on it now, and the free capacity (capacity − load) from which a
 * re-solve starts; the slots of its flows (FlowSlots), each flow remembering its
 * position in every list it is on, so leaving is a swap-remove; and two scratch
 * columns the re-solve stamps with an epoch instead of clearing them.
 */
import type { FlowSlots } from "./flow-slots";
import { entryLevel } from "./maxmin";

export class Constraints {
  /** Constraints registered. */
  n = 0;
  cap: Float64Array = new Float64Array(0);
  load: Float64Array = new Float64Array(0);
  /** cap − load, kept beside load: the solver's starting capacity. */
  free: Float64Array = new Float64Array(0);
  /** Scratch of the re-solve: an epoch per constraint, and a count valid where the stamp is current. */
  stamp: Int32Array = new Int32Array(0);
  acount: Int32Array = new Int32Array(0);
  /** Slots of the flows crossing each constraint. */
  readonly members: number[][] = [];

  /** Room for the arrays: how many constraints they hold now. */
  get room(): number {
    return this.cap.length;
  }

  /** Register the two directions of a new link; returns the first id. */
  addLink(bandwidth: number): number {
    const first = this.n, n = first + 2;
    if (n > this.cap.length) this.grow(Math.max(16, 2 * n));
    for (let c = first; c < n; c++) {
      this.cap[c] = bandwidth;
      this.free[c] = bandwidth;
      this.members.push([]);
    }
    this.n = n;
    return first;
  }

  /**
   * A re-solve's first step, for each arriving flow: count it on every constraint
   * of its path (stamped with the re-solve's epoch, so no clearing is needed).
   */
  countArrival(path: Int32Array, epoch: number): void {
    const stamp = this.stamp, acount = this.acount;
    for (let k = 0; k < path.length; k++) {
      const c = path[k];
      if (stamp[c] !== epoch) { stamp[c] = epoch; acount[c] = 0; }
      acount[c]++;
    }
  }

  /**
   * Then, for each arriving flow, lower `theta` to the level below which the
   * arrivals on its path change nothing: constraint c (n flows, load ℓ, capacity
   * C) receiving a arrivals cannot saturate below max((C−ℓ)/a, C/(n+a)) (flows.ts,
   * incremental re-solving). Each constraint is counted once (its count is spent).
   */
  arrivalBound(path: Int32Array, theta: number): number {
    const acount = this.acount, cap = this.cap, load = this.load;
    for (let k = 0; k < path.length; k++) {
      const c = path[k];
      const a = acount[c];
      if (a === 0) continue;
      acount[c] = 0;
      const lb = Math.max((cap[c] - load[c]) / a, cap[c] / (this.members[c].length + a));
      if (lb < theta) theta = lb;
    }
    return theta;
  }

  /**
   * The rate a new flow over `path` would get now: on each constraint the water
   * level over its flows' current rates (maxmin.ts, entryLevel), and the smallest
   * over the path. `scratch` holds the rates (a view of it is used: every DNS datagram asks).
   */
  entryShare(path: Int32Array, rate: Float64Array, scratch: { buf: Float64Array }): number {
    let best = Infinity;
    for (let k = 0; k < path.length; k++) {
      const ms = this.members[path[k]];
      if (scratch.buf.length < ms.length) scratch.buf = new Float64Array(2 * ms.length);
      const rates = scratch.buf.subarray(0, ms.length);
      for (let i = 0; i < ms.length; i++) rates[i] = rate[ms[i]];
      const m = entryLevel(this.cap[path[k]], rates);
      if (m < best) best = m;
    }
    return best > 0 ? best : 0;
  }

  /** Sum of the rates of c's flows, afresh (no accumulated rounding). */
  sumRates(c: number, rate: Float64Array): number {
    const ms = this.members[c];
    let s = 0;
    for (let i = 0; i < ms.length; i++) s += rate[ms[i]];
    return s;
  }

  /** Swap-remove slot s (at position pos) from c's flows, updating the moved flow's position. */
  removeMember(c: number, s: number, pos: number, sl: FlowSlots): void {
    const ms = this.members[c];
    const last = ms.pop()!;
    if (last === s) return;
    ms[pos] = last;
    const base = last * sl.stride;
    for (let q = 0; q < sl.plen[last]; q++) {
      if (sl.cons[base + q] === c) {
        sl.mpos[base + q] = pos;
        break;
      }
    }
  }

  private grow(size: number): void {
    const f64 = (a: Float64Array): Float64Array => { const b = new Float64Array(size); b.set(a); return b; };
    const i32 = (a: Int32Array): Int32Array => { const b = new Int32Array(size); b.set(a); return b; };
    this.cap = f64(this.cap); this.load = f64(this.load); this.free = f64(this.free);
    this.stamp = i32(this.stamp); this.acount = i32(this.acount);
  }
}
