/**
 * Scenario errors: every problem is reported as
 *
 *   file:line:col: path.to.field: what is wrong (what was expected)
 *
 * and all problems of a file are collected and reported together, so a user fixes
 * a scenario in one pass instead of one error per run. A problem is always one
 * line: control characters from the file (in a key, a value, a file name) are
 * written as escapes, so they can neither break the line nor drive the terminal.
 */

export type Path = readonly (string | number)[];

export interface Problem {
  path: Path;
  /** What is wrong, e.g. `unknown host "gatway"`. */
  message: string;
  /** What was expected, e.g. `one of the hosts: gateway, ns1`. */
  expected?: string;
  line: number;
  col: number;
  severity: "error" | "warning";
}

/**
 * C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the
 * bidirectional overrides and isolates (which reorder what a terminal shows:
 * "Trojan Source", CVE-2021-42574).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `text` with every control character written as an escape (`\n`, `\x1b`, `\u202e`). */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
  });
}

/** `hosts.gateway.addr`, `links[0].bandwidth`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? p : `.${p}`;
  }
  return out === "" ? "(top)" : escapeControls(out);
}

/** `path.to.field: what is wrong (expected ...)`, on one line: a problem without its file and position. */
export function describeProblem(p: Problem): string {
  const expected = p.expected ? ` (expected ${escapeControls(p.expected)})` : "";
  const tag = p.severity === "warning" ? "warning: " : "";
  return `${tag}${formatPath(p.path)}: ${escapeControls(p.message)}${expected}`;
}

export function formatProblem(file: string, p: Problem): string {
  return `${escapeControls(file)}:${p.line}:${p.col}: ${describeProblem(p)}`;
}

/** A scenario that cannot be loaded; `problems` holds every error found. */
export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join("\n"));
    this.name = "ScenarioError";
  }
}
