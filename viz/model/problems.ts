/**
 * Scenario problems as the editor shows them: the same problems, positions and
 * one-line text as `mxsim validate` (sim/scenario/errors.ts), without the file name,
 * and the gutter's marks from them.
 */
import { decodeScenario, describeProblem, ScenarioError, type Problem } from "../../sim/index";
import type { ProblemInfo } from "../protocol";

export function problemInfo(p: Problem): ProblemInfo {
  return { line: p.line, col: p.col, path: p.path.join("."), message: p.message, text: `${p.line}:${p.col}: ${describeProblem(p)}` };
}

/**
 * For each line of the editor's text, whether a problem is on it. A problem past the
 * last line (at the end of the file) marks the last line, so it is never invisible.
 */
export function markedLines(text: string, problems: readonly Pick<ProblemInfo, "line">[]): boolean[] {
  const marks = text.split("\n").map(() => false);
  for (const p of problems) marks[Math.min(Math.max(p.line, 1), marks.length) - 1] = true;
  return marks;
}

/** A file's bytes as editor text: strict UTF-8, or the text with U+FFFD and the problem at the first bad byte. */
export function readScenarioFile(bytes: Uint8Array, name: string): { text: string; problems: ProblemInfo[] } {
  try {
    return { text: decodeScenario(bytes, name), problems: [] };
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { text: new TextDecoder().decode(bytes), problems: e.problems.map(problemInfo) };
  }
}
