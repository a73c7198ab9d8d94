/**
 * Link statistics, integrated exactly between changes.
 *
 * A constraint's load (the sum of its flows' rates) is piecewise constant between
 * re-solves, so its carried bits ∫ load dt and its busy time ∫ load/capacity dt are
 * sums of rectangles: `touch` adds the rectangle since the last change, and must be
 * called just before load or capacity changes. No sampling, no per-flow work.
 */
export interface DirectionStats {
  bytes: number;
  /** ∫ used/capacity dt of this direction. */
  busyIntegral: number;
}

export interface LinkStatsReading {
  bytes: number;
  busyIntegral: number;
  utilisation: number;
  /** [a→b, b→a]. */
  directions: [DirectionStats, DirectionStats];
}

export class LinkStats {
  private at: Float64Array = new Float64Array(0);
  private bits: Float64Array = new Float64Array(0);
  private busy: Float64Array = new Float64Array(0);

  /** Make room for constraints 0..n-1 (new ones start counting at `now`). */
  grow(n: number, now: number): void {
    if (n <= this.at.length) return;
    const size = Math.max(16, 2 * n);
    const old = this.at.length;
    const f64 = (a: Float64Array): Float64Array => { const b = new Float64Array(size); b.set(a); return b; };
    this.at = f64(this.at);
    this.bits = f64(this.bits);
    this.busy = f64(this.busy);
    this.at.fill(now, old);
  }

  /** Account constraint c's load up to now. */
  touch(c: number, load: number, capacity: number, now: number): void {
    const dt = now - this.at[c];
    if (dt > 0) {
      this.bits[c] += load * dt;
      this.busy[c] += (load / capacity) * dt;
      this.at[c] = now;
    }
  }

  /**
   * A link's reading from its two directions (constraints c0 = a→b and c0 + 1 =
   * b→a) as of `now`: bytes summed, busy time averaged, and each direction on its
   * own, since a full-duplex line can be full one way and idle the other. The
   * rectangle since each direction's last change (at its current load and
   * capacity) is added to the reading, not to the sums, so reading at any moment
   * leaves the sums, and their rounding, exactly as the flows made them.
   */
  reading(c0: number, now: number, load: Float64Array, capacity: Float64Array): LinkStatsReading {
    const ab = this.direction(c0, now, load[c0], capacity[c0]);
    const ba = this.direction(c0 + 1, now, load[c0 + 1], capacity[c0 + 1]);
    const busyIntegral = (ab.busyIntegral + ba.busyIntegral) / 2;
    return { bytes: ab.bytes + ba.bytes, busyIntegral, utilisation: now > 0 ? busyIntegral / now : 0, directions: [ab, ba] };
  }

  private direction(c: number, now: number, load: number, capacity: number): DirectionStats {
    const dt = now - this.at[c];
    return dt > 0
      ? { bytes: (this.bits[c] + load * dt) / 8, busyIntegral: this.busy[c] + (load / capacity) * dt }
      : { bytes: this.bits[c] / 8, busyIntegral: this.busy[c] };
  }
}
