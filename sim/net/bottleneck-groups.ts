/**
 * Bottleneck groups: the flows one saturated constraint fixes, sharing its level.
 *
 * Progressive filling gives every flow fixed by the same constraint the same rate,
 * the constraint's level (flows.ts). A group keeps its flows in a heap ordered by
 * *virtual finish* (group-heap.ts): its virtual clock V counts the bytes each
 * member has received since the group formed, so a member finishes when V reaches
 * its vfin, whatever the level did in between. When the level changes only the
 * group's next completion moves: one due time per group (due-heap.ts), not one
 * timer per flow. V is rebased to 0 whenever the group empties, so V − vfin stays
 * precise over a long run.
 *
 * Groups are indexed by constraint id; arrays grow with the number of constraints.
 */
import { DueHeap } from "./due-heap";

export class BottleneckGroups {
  /** Per constraint: the group's level (bits/s), −1 when it fixes no flow. */
  level: Float64Array = new Float64Array(0);
  /** Per constraint: virtual clock (bytes per member) and when it was last brought up to date. */
  vclock: Float64Array = new Float64Array(0);
  vtime: Float64Array = new Float64Array(0);
  /** Per constraint: position in `active`, −1 when inactive. */
  pos: Int32Array = new Int32Array(0);
  /** Per constraint: heap of the flow slots it bottlenecks. */
  readonly heaps: number[][] = [];
  /** Constraints whose group has members, in no particular order. */
  readonly active: number[] = [];
  /** Completion time of each group's head; the flow model keeps one kernel timer, for the earliest. */
  readonly due = new DueHeap();

  /** Room for constraints up to `size` (ids below `from` keep their state). */
  grow(from: number, size: number): void {
    const f64 = (a: Float64Array): Float64Array => { const b = new Float64Array(size); b.set(a); return b; };
    this.level = f64(this.level);
    this.vclock = f64(this.vclock);
    this.vtime = f64(this.vtime);
    const pos = new Int32Array(size);
    pos.set(this.pos);
    this.pos = pos;
    for (let c = from; c < size; c++) {
      this.level[c] = -1;
      this.pos[c] = -1;
    }
  }

  /** A new constraint, with no group yet. */
  add(c: number): void {
    this.level[c] = -1;
    this.pos[c] = -1;
    this.heaps.push([]);
  }

  isActive(g: number): boolean {
    return this.pos[g] >= 0;
  }

  /** Bring group g's virtual clock to `now` (idempotent within an instant). */
  advance(g: number, now: number): void {
    this.vclock[g] += (this.level[g] * (now - this.vtime[g])) / 8;
    this.vtime[g] = now;
  }

  activate(g: number, now: number): void {
    this.vclock[g] = 0;
    this.vtime[g] = now;
    this.pos[g] = this.active.length;
    this.active.push(g);
  }

  deactivate(g: number): void {
    this.due.remove(g);
    const pos = this.pos[g];
    const last = this.active.pop()!;
    if (last !== g) {
      this.active[pos] = last;
      this.pos[last] = pos;
    }
    this.pos[g] = -1;
    this.level[g] = -1;
  }

  /** Put group g's head completion on the due heap, given the members' virtual finishes (the caller re-arms). */
  schedule(g: number, now: number, vfin: Float64Array): void {
    const left = vfin[this.heaps[g][0]] - this.vclock[g];
    this.due.set(g, left > 0 ? now + (left * 8) / this.level[g] : now);
  }
}
