/**
 * An indexed binary min-heap of flows ordered by virtual finish, used per
 * bottleneck group (see flows.ts).
 *
 * Every flow of a group runs at the group's rate, so the order in which they
 * finish never changes while they stay in the group, however often the rate does:
 * this is the virtual-time idea of fair queueing (Demers, Keshav & Shenker 1989;
 * Parekh & Gallager's GPS). Each flow stores `vfinish` = the group's cumulative
 * per-flow service at which it will have received all its bytes; the head of the
 * heap finishes first. `heapPos` lets a flow leave from the middle (abort, failure,
 * or a move to another group) in O(log n). Ties break by flow id.
 */

export interface HeapItem {
  readonly id: number;
  vfinish: number;
  heapPos: number;
}

function less(a: HeapItem, b: HeapItem): boolean {
  return a.vfinish < b.vfinish || (a.vfinish === b.vfinish && a.id < b.id);
}

export function heapInsert<T extends HeapItem>(h: T[], x: T): void {
  h.push(x);
  siftUp(h, h.length - 1, x);
}

export function heapRemove<T extends HeapItem>(h: T[], x: T): void {
  const i = x.heapPos;
  const last = h.pop()!;
  x.heapPos = -1;
  if (last === x) return;
  if (i > 0 && less(last, h[(i - 1) >> 1])) siftUp(h, i, last);
  else siftDown(h, i, last);
}

function siftUp<T extends HeapItem>(h: T[], i: number, x: T): void {
  while (i > 0) {
    const p = (i - 1) >> 1;
    const y = h[p];
    if (!less(x, y)) break;
    h[i] = y;
    y.heapPos = i;
    i = p;
  }
  h[i] = x;
  x.heapPos = i;
}

function siftDown<T extends HeapItem>(h: T[], i: number, x: T): void {
  const n = h.length;
  for (;;) {
    let c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && less(h[c + 1], h[c])) c++;
    const y = h[c];
    if (!less(y, x)) break;
    h[i] = y;
    y.heapPos = i;
    i = c;
  }
  h[i] = x;
  x.heapPos = i;
}
