/**
 * RFC 5322 §3.3 date-time from simulated time.
 *
 * The simulation clock counts seconds from the scenario start; a scenario names the
 * wall-clock instant of that start (the *epoch*, Unix seconds) and the host's time
 * zone. The date is computed arithmetically from those numbers, never from the
 * real clock (no Date.now()), so the same run prints the same Received: lines.
 *
 *   date-time = [ day-of-week "," ] date time   e.g. "Tue, 4 Dec 2001 13:48:05 +0900"
 */

/** 2001-12-04 00:00:00 +0900, the first day of Internet Week 2001 where the tutorial was given. */
export const DEFAULT_EPOCH = Date.UTC(2001, 11, 3, 15, 0, 0) / 1000;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

export interface Clock {
  /** Unix seconds at simulated time 0. */
  readonly epoch: number;
  /** Offset from UTC in minutes (+540 for JST). */
  readonly zoneMinutes: number;
}

export const DEFAULT_CLOCK: Clock = { epoch: DEFAULT_EPOCH, zoneMinutes: 540 };

const pad = (n: number): string => String(n).padStart(2, "0");

/** The last date formatted: busy hosts stamp many messages within the same second. */
let memo = { second: NaN, clock: DEFAULT_CLOCK, text: "" };

/** The RFC 5322 date-time of simulated second `t` (fractions are truncated). */
export function rfc5322Date(t: number, clock: Clock = DEFAULT_CLOCK): string {
  const second = Math.floor(t);
  if (second === memo.second && clock === memo.clock) return memo.text;
  const text = formatDate(second, clock);
  memo = { second, clock, text };
  return text;
}

function formatDate(t: number, clock: Clock): string {
  const local = new Date((clock.epoch + Math.floor(t)) * 1000 + clock.zoneMinutes * 60_000);
  const z = Math.abs(clock.zoneMinutes);
  const zone = `${clock.zoneMinutes < 0 ? "-" : "+"}${pad(Math.floor(z / 60))}${pad(z % 60)}`;
  return (
    `${DAYS[local.getUTCDay()]}, ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]} ${local.getUTCFullYear()} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())} ${zone}`
  );
}

/** The day last measured by {@link rfc5322DateLength}: its number and its date's length. */
let lengthMemo = { day: NaN, clock: DEFAULT_CLOCK, length: 0 };

/**
 * `rfc5322Date(t, clock).length` without writing the date: every field but the day
 * of the month has a fixed width ("Tue, " "Dec 2001 " "13:48:05 +0900"), so the
 * length changes only with the day, and is computed once per simulated day.
 */
export function rfc5322DateLength(t: number, clock: Clock = DEFAULT_CLOCK): number {
  const day = Math.floor((clock.epoch + Math.floor(t) + clock.zoneMinutes * 60) / 86_400);
  if (day !== lengthMemo.day || clock !== lengthMemo.clock) lengthMemo = { day, clock, length: formatDate(Math.floor(t), clock).length };
  return lengthMemo.length;
}
