/**
 * An indexed min-heap of due times, one entry per id (here: per bottleneck group).
 *
 * Why the flow model keeps its own. Each re-solve changes the completion time of
 * every group whose level moved, often a hundred at once. Rescheduling a kernel
 * timer for each would leave a hundred cancelled entries in the kernel's queue per
 * re-solve (cancellation there is lazy), and the queue would swell to millions of
 * dead entries. Here a changed time is an O(log G) update in a heap of at most G
 * groups, and the kernel holds a single timer: the earliest due time.
 * Ties break by id, so the order is deterministic.
 */
export class DueHeap {
  private time: Float64Array = new Float64Array(16);
  /** Heap position per id, -1 when absent. */
  private pos: Int32Array = new Int32Array(16).fill(-1);
  private heap: Int32Array = new Int32Array(16);
  private n = 0;

  get size(): number {
    return this.n;
  }

  /** The id due first (undefined behaviour when empty: check size). */
  topId(): number {
    return this.heap[0];
  }

  topTime(): number {
    return this.n > 0 ? this.time[this.heap[0]] : Infinity;
  }

  /** Insert or move `id` to `t`. */
  set(id: number, t: number): void {
    if (id >= this.pos.length) this.grow(id + 1);
    const p = this.pos[id];
    if (p < 0) {
      this.time[id] = t;
      this.up(this.n++, id);
      return;
    }
    const old = this.time[id];
    this.time[id] = t;
    if (t < old) this.up(p, id);
    else this.down(p, id);
  }

  remove(id: number): void {
    if (id >= this.pos.length) return;
    const p = this.pos[id];
    if (p < 0) return;
    this.pos[id] = -1;
    const last = this.heap[--this.n];
    if (last === id) return;
    if (p > 0 && this.less(last, this.heap[(p - 1) >> 1])) this.up(p, last);
    else this.down(p, last);
  }

  private less(a: number, b: number): boolean {
    const ta = this.time[a], tb = this.time[b];
    return ta < tb || (ta === tb && a < b);
  }

  private up(i: number, id: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(id, h[p])) break;
      h[i] = h[p];
      this.pos[h[i]] = i;
      i = p;
    }
    h[i] = id;
    this.pos[id] = i;
  }

  private down(i: number, id: number): void {
    const h = this.heap, n = this.n;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.less(h[c + 1], h[c])) c++;
      if (!this.less(h[c], id)) break;
      h[i] = h[c];
      this.pos[h[i]] = i;
      i = c;
    }
    h[i] = id;
    this.pos[id] = i;
  }

  private grow(n: number): void {
    let size = this.pos.length;
    while (size < n) size *= 2;
    const t = new Float64Array(size);
    t.set(this.time);
    this.time = t;
    const p = new Int32Array(size).fill(-1);
    p.set(this.pos);
    this.pos = p;
    const h = new Int32Array(size);
    h.set(this.heap);
    this.heap = h;
  }
}
