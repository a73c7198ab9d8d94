/**
 * An indexed binary min-heap of flow slots ordered by virtual finish, one per
 * bottleneck group (see flows.ts).
 *
 * Every flow of a group runs at the group's rate, so the order in which they
 * finish never changes while they stay in the group, however often the rate does:
 * this is the virtual-time idea of fair queueing (Demers, Keshav & Shenker 1989;
 * Parekh & Gallager's GPS). Each flow stores `vfin` = the group's cumulative
 * per-flow service at which it will have received all its bytes; the head of the
 * heap finishes first. `pos` lets a flow leave from the middle (abort, failure, or
 * a move to another group) in O(log n). Ties break by flow id, for determinism.
 *
 * The heap holds slot numbers; keys live in the flow model's typed arrays, which
 * are passed in (they are reallocated when the model grows).
 */

export interface SlotKeys {
  /** Virtual finish per slot. */
  vfin: Float64Array;
  /** Flow id per slot (tie-break). */
  fid: Float64Array;
  /** Position of each slot in its heap, -1 when in none. */
  pos: Int32Array;
}

function less(k: SlotKeys, a: number, b: number): boolean {
  const va = k.vfin[a], vb = k.vfin[b];
  return va < vb || (va === vb && k.fid[a] < k.fid[b]);
}

export function heapInsert(h: number[], s: number, k: SlotKeys): void {
  h.push(s);
  siftUp(h, h.length - 1, s, k);
}

export function heapRemove(h: number[], s: number, k: SlotKeys): void {
  const i = k.pos[s];
  const last = h.pop()!;
  k.pos[s] = -1;
  if (last === s) return;
  if (i > 0 && less(k, last, h[(i - 1) >> 1])) siftUp(h, i, last, k);
  else siftDown(h, i, last, k);
}

function siftUp(h: number[], i: number, s: number, k: SlotKeys): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    const y = h[p];
    if (!less(k, s, y)) break;
    h[i] = y;
    k.pos[y] = i;
    i = p;
  }
  h[i] = s;
  k.pos[s] = i;
}

function siftDown(h: number[], i: number, s: number, k: SlotKeys): void {
  const n = h.length;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && less(k, h[c + 1], h[c])) c++;
    const y = h[c];
    if (!less(k, y, s)) break;
    h[i] = y;
    k.pos[y] = i;
    i = c;
  }
  h[i] = s;
  k.pos[s] = i;
}
