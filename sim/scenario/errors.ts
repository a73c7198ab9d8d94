/**
 * Scenario errors: every problem is reported as
 *
 *   file:line:col: path.to.field: what is wrong (what was expected)
 *
 * and all problems of a file are collected and reported together, so a user fixes
 * a scenario in one pass instead of one error per run.
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

/** `hosts.gateway.addr`, `links[0].bandwidth`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? p : `.${p}`;
  }
  return out === "" ? "(top)" : out;
}

export function formatProblem(file: string, p: Problem): string {
  const expected = p.expected ? ` (expected ${p.expected})` : "";
  const tag = p.severity === "warning" ? "warning: " : "";
  return `${file}:${p.line}:${p.col}: ${tag}${formatPath(p.path)}: ${p.message}${expected}`;
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
