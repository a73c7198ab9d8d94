/**
 * Reading a sendmail `.mc` file the way m4 would, for the small language the
 * cf/README documents: macro calls `NAME(arg, ...)` with quoted arguments,
 * `dnl` comments, and raw sendmail.cf lines (`Dm...`, `Dw...`, `Cw...`,
 * `O MaxMessageSize=...`) that pass through m4 unchanged into the .cf file.
 *
 * m4 quotes with a backquote to open and an apostrophe to close (`like this').
 * Configurations copied from slides and word processors arrive with curly
 * quotes; the tutorial's own files contain `mailertable‘ and `SMART_HOST’, so a
 * closing quote here is any of ' ‘ ’, and ‘ also opens a quote outside one.
 * Quotes nest (m4 counts them), and a quoted argument may span lines. Leading
 * unquoted whitespace of an argument is dropped, as m4 does.
 */

export type McItem =
  /** A macro call, e.g. FEATURE(`mailertable'), or a bare word like LOCAL_CONFIG (args = null). */
  | { kind: "call"; name: string; args: string[] | null; line: number; col: number; text: string }
  /** A raw sendmail.cf line: D (macro), C (class), O (option), or another letter. */
  | { kind: "cf"; letter: string; body: string; line: number; col: number; text: string }
  /** Text m4 would copy through that is none of the above. */
  | { kind: "stray"; line: number; col: number; text: string };

const OPEN = new Set(["`", "\u2018"]);
const CLOSE = new Set(["'", "\u2018", "\u2019"]);

export function readMc(text: string): McItem[] {
  const items: McItem[] = [];
  let i = 0, line = 1, lineStart = 0;
  const n = text.length;
  const col = (at: number): number => at - lineStart + 1;
  const advance = (to: number): void => {
    for (; i < to; i++) if (text[i] === "\n") { line++; lineStart = i + 1; }
  };
  const restOfLine = (): string => {
    const e = text.indexOf("\n", i);
    return text.slice(i, e < 0 ? n : e);
  };
  const skipDnl = (): void => {
    if (text.startsWith("dnl", i) && !/[A-Za-z0-9_]/.test(text[i + 3] ?? "")) {
      const e = text.indexOf("\n", i);
      advance(e < 0 ? n : e + 1);
    }
  };
  while (i < n) {
    const c = text[i];
    if (c === "\n" || c === " " || c === "\t" || c === "\r") { advance(i + 1); continue; }
    const atLineStart = i === lineStart;
    if (c === "#" && atLineStart) { advance(i + restOfLine().length); continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i, i + 64))?.[0];
    if (word === "dnl") { skipDnl(); continue; }
    const startLine = line, startCol = col(i), start = i;
    if (word !== undefined && text[i + word.length] === "(") {
      advance(i + word.length + 1);
      const args = readArgs();
      items.push({ kind: "call", name: word, args, line: startLine, col: startCol, text: text.slice(start, i) });
      skipDnl();
      continue;
    }
    if (atLineStart && /^[A-Z]/.test(c) && !(word !== undefined && word.length > 1 && /^[A-Z_]+$/.test(word) && word.length === restOfLine().trim().length)) {
      // A raw cf line: one letter, then its body (Dmexample.gr.jp, O MaxMessageSize=1000000).
      const body = restOfLine();
      items.push({ kind: "cf", letter: c, body: body.slice(1).replace(/\s*dnl\s*$/, ""), line: startLine, col: startCol, text: body });
      advance(i + body.length);
      continue;
    }
    if (word !== undefined) {
      advance(i + word.length);
      items.push({ kind: "call", name: word, args: null, line: startLine, col: startCol, text: word });
      skipDnl();
      continue;
    }
    const stray = restOfLine();
    items.push({ kind: "stray", line: startLine, col: startCol, text: stray });
    advance(i + stray.length);
  }
  return items;

  /** Arguments up to the matching `)`; i is just past the `(`. */
  function readArgs(): string[] {
    const args: string[] = [];
    let cur = "", depth = 0, quote = 0, leading = true;
    while (i < n) {
      const ch = text[i];
      if (quote > 0) {
        if (CLOSE.has(ch)) {
          quote--;
          if (quote > 0) cur += ch;
        } else {
          if (OPEN.has(ch)) quote++;
          cur += ch;
        }
        advance(i + 1);
        continue;
      }
      if (OPEN.has(ch)) { quote = 1; leading = false; advance(i + 1); continue; }
      if (leading && (ch === " " || ch === "\t" || ch === "\n")) { advance(i + 1); continue; }
      leading = false;
      if (ch === "(") depth++;
      if (ch === ")" && depth-- === 0) { args.push(cur); advance(i + 1); return args; }
      if (ch === "," && depth === 0) { args.push(cur); cur = ""; leading = true; advance(i + 1); continue; }
      cur += ch;
      advance(i + 1);
    }
    args.push(cur);
    return args;
  }
}
