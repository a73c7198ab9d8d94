/**
 * Time values as sendmail and Postfix write them: a number with an optional unit
 * letter, s m h d w (sendmail cf/README "Timeouts"; Postfix postconf(5) "Time
 * units"), several terms allowed in sendmail (`1h30m`). A bare number takes the
 * parameter's default unit: seconds for most, but days for Postfix's
 * maximal_queue_lifetime and bounce_queue_lifetime and hours for
 * delay_warning_time (postconf(5)).
 */
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** Seconds, or undefined if the text is not a time value. */
export function parseConfigTime(text: string, defaultUnit: "s" | "m" | "h" | "d" = "s"): number | undefined {
  const t = text.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?[smhdw]?)+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)([smhdw]?)/g)) total += Number(m[1]) * UNIT[m[2] === "" ? defaultUnit : m[2]];
  return total;
}

/** Byte sizes as both write them: a plain number of bytes (sendmail also accepts k/m suffixes in some versions). */
export function parseConfigSize(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([kKmM]?)\s*$/.exec(text);
  if (m === null) return undefined;
  const mult = m[2] === "" ? 1 : m[2].toLowerCase() === "k" ? 1024 : 1024 * 1024;
  return Number(m[1]) * mult;
}
