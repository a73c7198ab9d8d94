import { describe, expect, it } from "vitest";
import { loadScenario, ScenarioError } from "../../sim";
import { markedLines, problemInfo, readScenarioFile } from "../../viz/model/problems";

/** What the editor shows for a text: each problem's text and the gutter's marked line numbers. */
function editorView(text: string): { texts: string[]; marked: number[] } {
  try {
    loadScenario(text, "editor.yaml");
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    const infos = e.problems.map(problemInfo);
    return { texts: infos.map((p) => p.text), marked: markedLines(text, infos).flatMap((bad, i) => (bad ? [i + 1] : [])) };
  }
  throw new Error("expected problems");
}

describe("editor problems and gutter", () => {
  it("a YAML syntax error marks its own line in the gutter, not line 1", () => {
    const text = "name: x\nduration: 1h\nhosts:\n  a: { addr: 192.0.2.1 }\n  b: [1, 2\n  c: 3\n";
    const v = editorView(text);
    expect(v.marked).toEqual([6]);
    expect(v.texts).toEqual(["6:3: (top): YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]"]);
  });

  it("duplicate keys mark each duplicate's line", () => {
    const v = editorView("name: x\nduration: 1h\nhosts:\n  a: {}\n  a: {}\nduration: 2h\n");
    expect(v.marked).toEqual([5, 6]);
  });

  it("the text is the CLI's line without the file name, control characters escaped", () => {
    const v = editorView('name: x\nduration: 1h\nhosts:\n  "a\\nb": { addr: 192.0.2.1, colour: red }\n');
    expect(v.texts).toEqual(['4:30: hosts.a\\nb.colour: unknown field "colour"']);
  });

  it("a problem at the end of the file marks the last line", () => {
    expect(markedLines("a\nb", [{ line: 3 }])).toEqual([false, true]);
  });

  it("a file that is not UTF-8 opens with its bad byte's line marked", () => {
    const bytes = Uint8Array.from([...new TextEncoder().encode("name: x\nduration: 1h\n# caf"), 0xe9, 0x0a]);
    const r = readScenarioFile(bytes, "latin1.yaml");
    expect(r.text).toBe("name: x\nduration: 1h\n# caf\ufffd\n");
    expect(r.problems.map((p) => p.text)).toEqual(["3:6: (top): not UTF-8: byte 0xe9 at offset 26 (expected a file in UTF-8)"]);
    expect(markedLines(r.text, r.problems)).toEqual([false, false, true, false]);
  });
});
