/**
 * An independent, deliberately simple reference for the flow model: textbook
 * progressive filling over plain objects and string keys, re-run from scratch at
 * every event of a naive event loop that decrements every flow's remaining bytes.
 * Shares nothing with sim/net except the routes (routing is tested on its own).
 */

export interface RefFlow {
  /** Constraint keys, e.g. "a--b>b" (link name and the host it goes towards). */
  cons: string[];
}

/** Progressive filling: raise all unfixed flows together; fix those on the first full constraint. */
export function refMaxMin(flows: RefFlow[], capacity: Map<string, number>): number[] {
  const rate: number[] = flows.map(() => NaN);
  const remaining = new Map(capacity);
  const unfixed = new Set(flows.map((_, i) => i));
  while (unfixed.size > 0) {
    let best = Infinity;
    let bestKey = "";
    for (const [key, rem] of remaining) {
      let n = 0;
      for (const i of unfixed) if (flows[i].cons.includes(key)) n++;
      if (n > 0 && rem / n < best) {
        best = rem / n;
        bestKey = key;
      }
    }
    for (const i of [...unfixed]) {
      if (!flows[i].cons.includes(bestKey)) continue;
      rate[i] = best;
      unfixed.delete(i);
      for (const k of flows[i].cons) remaining.set(k, remaining.get(k)! - best);
    }
  }
  return rate;
}

export interface RefTransfer extends RefFlow {
  /** When the flow starts taking bandwidth (start time + path latency), s. */
  begin: number;
  bytes: number;
}

/** Completion time of every transfer under max-min sharing (capacities in bits/s). */
export function refSimulate(transfers: RefTransfer[], capacity: Map<string, number>): number[] {
  const finish = transfers.map(() => NaN);
  const left = transfers.map((t) => t.bytes);
  const waiting = transfers.map((_, i) => i).sort((a, b) => transfers[a].begin - transfers[b].begin);
  let active: number[] = [];
  let t = 0;
  while (waiting.length > 0 || active.length > 0) {
    const rates = refMaxMin(active.map((i) => transfers[i]), capacity);
    let next = waiting.length > 0 ? transfers[waiting[0]].begin : Infinity;
    let who = -1;
    active.forEach((i, k) => {
      const done = t + (left[i] * 8) / rates[k];
      if (done < next) {
        next = done;
        who = i;
      }
    });
    active.forEach((i, k) => (left[i] -= (rates[k] * (next - t)) / 8));
    t = next;
    if (who >= 0) {
      finish[who] = t;
      active = active.filter((i) => i !== who);
    }
    while (waiting.length > 0 && transfers[waiting[0]].begin <= t) {
      const i = waiting.shift()!;
      if (left[i] <= 0) finish[i] = t;
      else active.push(i);
    }
  }
  return finish;
}
