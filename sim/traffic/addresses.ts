/**
 * Generated address populations, so a scenario can name thousands of people with
 * one line: mailing-list subscribers spread over domains, a carrier's phone
 * users, a spammer's forged senders and guessed recipients.
 *
 * Guessed recipients (`user1..userN` at each target domain) are what dictionary
 * attacks look like: where a target keeps mailboxes user1..userK, a share K/N of
 * the guesses exist and the rest are refused (or, accepted by a relay first,
 * bounce back to the forged sender: backscatter, S23).
 */

/** `<prefix><i>@<domains[i mod D]>` for i = 1..n: spread evenly over the domains. */
export function spreadAddresses(prefix: string, n: number, domains: readonly string[]): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i + 1}@${domains[i % domains.length]}`);
}

/** `<prefix>1..<prefix>n` at every one of the domains (n × D addresses). */
export function addressesAtEach(prefix: string, n: number, domains: readonly string[]): string[] {
  // A domain named twice adds no addresses: each address once, so a message never names a recipient twice.
  return [...new Set(domains)].flatMap((d) => Array.from({ length: n }, (_, k) => `${prefix}${k + 1}@${d}`));
}

/**
 * Brace ranges in address lists, so a scenario can write populations in one line:
 * `user@d{1..10000}.example` is user@d1.example .. user@d10000.example, and
 * `u{1..3}@x{1..2}.example` is all 6 combinations (shell-style, left to right).
 * The pattern is read once and the combinations built from its pieces: a day at
 * an ISP names 100,000 mailboxes in each of its eight workloads.
 */
export function expandRanges(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of list) {
    // text, range, text, range, ..., text
    const texts: string[] = [];
    const ranges: number[][] = [];
    let last = 0;
    for (const m of s.matchAll(/\{(\d+)\.\.(\d+)\}/g)) {
      texts.push(s.slice(last, m.index));
      const [a, b] = [Number(m[1]), Number(m[2])];
      const step = a <= b ? 1 : -1;
      ranges.push(Array.from({ length: Math.abs(b - a) + 1 }, (_, k) => a + k * step));
      last = m.index + m[0].length;
    }
    texts.push(s.slice(last));
    const build = (r: number, prefix: string): void => {
      if (r === ranges.length) return void out.push(prefix + texts[r]);
      for (const i of ranges[r]) build(r + 1, prefix + texts[r] + i);
    };
    build(0, "");
  }
  return out;
}
