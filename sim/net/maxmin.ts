/**
 * The max-min fair share solver (progressive filling), over typed arrays.
 *
 * Max-min fairness (Bertsekas & Gallager, *Data Networks*, 2nd ed., §6.5.2): an
 * allocation of rates is max-min fair when no flow's rate can be raised without
 * lowering the rate of a flow that has no more. Equivalently every flow crosses a
 * *bottleneck*: a saturated constraint on which no flow gets more than it does.
 *
 * Progressive filling computes it. Raise every flow's rate together from zero; when
 * a constraint fills up (its remaining capacity divided by its unfixed flows is the
 * smallest), fix its unfixed flows at that level and take their rates off the other
 * constraints they cross; repeat until every flow is fixed. This is SimGrid's LMM
 * solver (`src/kernel/lmm/maxmin.cpp`) in its "raw" configuration: every weight and
 * sharing penalty 1, no per-flow bound, SHARED constraints only
 * (see /work/shared/research/sim-anchors.md §4.1).
 *
 * Cost. A constraint's fill level rem/cnt only rises while others saturate (fixing
 * a flow at the current level m ≤ rem/cnt gives (rem−m)/(cnt−1) ≥ rem/cnt), so a
 * binary heap with lazy keys finds the next bottleneck: pop the smallest stored key,
 * and if the constraint's true level has risen since, push it back with the new
 * key. One solve is O((Σ path lengths + C) log C) for C constraints.
 *
 * Constraint ids are global (a link direction), but only the constraints the given
 * flows cross are touched, so re-solving a few flows in a large network is cheap.
 * The solver keeps its scratch buffers between calls and allocates only to grow.
 */

export interface MaxMinProblem {
  /** Number of flows. */
  nFlows: number;
  /** Flow f crosses pathCons[pathStart[f] .. pathStart[f+1]). Paths must be non-empty. */
  pathStart: Int32Array;
  pathCons: Int32Array;
  /** Capacity available to these flows, indexed by constraint id. */
  capacity: Float64Array;
  /**
   * Optional, per flow: a rate the flow holds now, given back to each of its
   * constraints before solving (capacity[c] + Σ held on c is what is shared).
   * Re-solving part of a network passes the free capacity and the old rates.
   */
  held?: Float64Array;
}

export interface MaxMinSolution {
  /** Rate per flow, in the capacity's unit. */
  rate: Float64Array;
  /** The constraint whose saturation fixed each flow. */
  bottleneck: Int32Array;
}

export class MaxMinSolver {
  // Per constraint id (grown to the largest id seen).
  private rem = new Float64Array(16);
  private level = new Float64Array(16);
  private cnt = new Int32Array(16);
  private offs = new Int32Array(16);
  private fill = new Int32Array(16);
  private stamp = new Int32Array(16);
  private epoch = 0;
  // Per solve.
  private used = new Int32Array(16);
  private consFlows = new Int32Array(16);
  private fixed = new Uint8Array(16);
  private heapKey = new Float64Array(16);
  private heapCons = new Int32Array(16);
  private heapN = 0;

  /** Solve into `out` (arrays of at least nFlows entries). */
  solve(p: MaxMinProblem, out: MaxMinSolution): void {
    const { nFlows, pathStart, pathCons, capacity, held } = p;
    const nEntries = pathStart[nFlows];
    this.ensureFlows(nFlows, nEntries);
    // Constraint ids index `capacity`, so its length bounds them: no pass over the paths to find the largest.
    if (capacity.length > this.stamp.length) this.ensureCons(capacity.length);
    const stamp = this.stamp, cnt = this.cnt, rem = this.rem, offs = this.offs, fill = this.fill, used = this.used;
    const epoch = ++this.epoch;

    // Count flows per constraint and list the constraints in first-seen order.
    let nUsed = 0;
    for (let f = 0; f < nFlows; f++) {
      const back = held === undefined ? 0 : held[f];
      for (let j = pathStart[f], e = pathStart[f + 1]; j < e; j++) {
        const c = pathCons[j];
        if (stamp[c] !== epoch) {
          stamp[c] = epoch;
          cnt[c] = 0;
          rem[c] = capacity[c];
          used[nUsed++] = c;
        }
        cnt[c]++;
        rem[c] += back;
      }
    }
    this.nUsed = nUsed;
    const rate = out.rate, bottleneck = out.bottleneck;
    if (nEntries === nFlows) {
      // Every flow crosses one constraint (a single line, the common case): no flow
      // links two constraints, so each one's flows share it equally, at the level
      // progressive filling would find for it. Same operations in the same order as
      // below, so the same bits, without the heap.
      const level = this.level;
      for (let u = 0; u < nUsed; u++) {
        const c = used[u];
        const l = rem[c] / cnt[c];
        level[c] = l > 0 ? l : 0;
      }
      for (let f = 0; f < nFlows; f++) {
        const c = pathCons[pathStart[f]];
        const m = level[c];
        rate[f] = m;
        bottleneck[f] = c;
        rem[c] -= m;
        cnt[c]--;
      }
      return;
    }
    let o = 0;
    for (let u = 0; u < nUsed; u++) {
      const c = used[u];
      offs[c] = o;
      fill[c] = o;
      o += cnt[c];
    }
    const consFlows = this.consFlows;
    for (let f = 0; f < nFlows; f++) {
      for (let j = pathStart[f], e = pathStart[f + 1]; j < e; j++) consFlows[fill[pathCons[j]]++] = f;
    }
    const fixed = this.fixed;
    fixed.fill(0, 0, nFlows);

    this.heapN = 0;
    for (let u = 0; u < nUsed; u++) {
      const c = used[u];
      this.push(rem[c] / cnt[c], c);
    }
    while (this.heapN > 0) {
      const key = this.heapKey[0];
      const c = this.pop();
      const n = cnt[c];
      if (n === 0) continue;
      const level = rem[c] / n;
      if (level > key) {
        this.push(level, c); // stale key: the level rose since it was pushed
        continue;
      }
      const m = level > 0 ? level : 0;
      for (let j = offs[c], e = fill[c]; j < e; j++) {
        const f = consFlows[j];
        if (fixed[f]) continue;
        fixed[f] = 1;
        rate[f] = m;
        bottleneck[f] = c;
        for (let k = pathStart[f], ke = pathStart[f + 1]; k < ke; k++) {
          const c2 = pathCons[k];
          rem[c2] -= m;
          cnt[c2]--;
        }
      }
    }
  }

  /** Constraints touched by the last solve: usedAt(0 .. nUsed-1), in first-seen order. */
  nUsed = 0;
  usedAt(i: number): number {
    return this.used[i];
  }

  /** Capacity left on constraint c after the last solve (c must have been on some path). */
  leftover(c: number): number {
    return this.rem[c];
  }

  private push(key: number, c: number): void {
    const hk = this.heapKey, hc = this.heapCons;
    let i = this.heapN++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (hk[p] <= key) break;
      hk[i] = hk[p];
      hc[i] = hc[p];
      i = p;
    }
    hk[i] = key;
    hc[i] = c;
  }

  private pop(): number {
    const hk = this.heapKey, hc = this.heapCons;
    const top = hc[0];
    const n = --this.heapN;
    if (n > 0) {
      const key = hk[n], c = hc[n];
      let i = 0;
      for (;;) {
        let ch = 2 * i + 1;
        if (ch >= n) break;
        if (ch + 1 < n && hk[ch + 1] < hk[ch]) ch++;
        if (key <= hk[ch]) break;
        hk[i] = hk[ch];
        hc[i] = hc[ch];
        i = ch;
      }
      hk[i] = key;
      hc[i] = c;
    }
    return top;
  }

  private ensureFlows(nFlows: number, nEntries: number): void {
    if (this.fixed.length < nFlows) this.fixed = new Uint8Array(grow(nFlows));
    if (this.consFlows.length < nEntries) this.consFlows = new Int32Array(grow(nEntries));
    // The heap holds at most one entry per used constraint, and used ≤ nEntries.
    if (this.used.length < nEntries) {
      this.used = new Int32Array(grow(nEntries));
      this.heapKey = new Float64Array(grow(nEntries));
      this.heapCons = new Int32Array(grow(nEntries));
    }
  }

  private ensureCons(n: number): void {
    const size = grow(n);
    const stamp = new Int32Array(size);
    stamp.set(this.stamp);
    this.stamp = stamp;
    this.rem = new Float64Array(size);
    this.level = new Float64Array(size);
    this.cnt = new Int32Array(size);
    this.offs = new Int32Array(size);
    this.fill = new Int32Array(size);
  }
}

function grow(n: number): number {
  let s = 16;
  while (s < n) s *= 2;
  return s;
}

/** Convenience: solve a problem into fresh arrays (tests, one-off uses). */
export function solveMaxMin(p: MaxMinProblem): MaxMinSolution {
  const out = { rate: new Float64Array(p.nFlows), bottleneck: new Int32Array(p.nFlows) };
  new MaxMinSolver().solve(p, out);
  return out;
}

/**
 * The rate a newcomer gets on one constraint of capacity C already crossed by
 * flows at `rates`: the water level m with Σ min(rateᵢ, m) + m = C. Flows below m
 * keep their rates; the others come down to m. (Sorts `rates` in place.)
 */
export function entryLevel(capacity: number, rates: Float64Array): number {
  rates.sort();
  let used = 0;
  for (let j = 0; j < rates.length; j++) {
    const m = (capacity - used) / (rates.length - j + 1);
    if (m <= rates[j]) return m;
    used += rates[j];
  }
  return capacity - used;
}
