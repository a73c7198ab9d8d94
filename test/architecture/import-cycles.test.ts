/**
 * The house rules on imports (DESIGN.md "Layers"): no import cycle anywhere in
 * `sim/`, type-only imports included, and each layer imports only itself and the
 * layers above it. The import graph is read with the TypeScript parser: static and
 * type-only imports, `export … from`, `import("…")` types and calls, and module
 * augmentations (`declare module "…"`).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "../..");
const SIM = join(ROOT, "sim");
/** DESIGN.md's order, top first: a layer may import only the layers before it (and itself). */
const LAYERS = ["engine", "net", "dns", "smtp", "mta", "traffic", "scenario", "observe", "index", "cli"];

/** Relative module specifiers a source text imports, in any form. */
export function specifiers(file: string, text: string): string[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  const lit = (n: ts.Node | undefined): void => {
    if (n !== undefined && ts.isStringLiteral(n)) out.push(n.text);
  };
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) lit(n.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) lit(n.moduleReference.expression);
    else if (ts.isModuleDeclaration(n) && ts.isStringLiteral(n.name)) lit(n.name);
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument)) lit(n.argument.literal);
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) lit(n.arguments[0]);
    ts.forEachChild(n, visit);
  };
  visit(src);
  return out.filter((s) => s.startsWith("."));
}

/** Import graph of the .ts files under `dir`: file -> files it imports (paths relative to the repository). */
function importGraph(dir: string): Map<string, Set<string>> {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) files.push(p);
    }
  };
  walk(dir);
  const known = new Set(files);
  const target = (from: string, spec: string): string | undefined => {
    const base = resolve(dirname(from), spec);
    return [base, `${base}.ts`, join(base, "index.ts"), base.replace(/\.js$/, ".ts")].find((c) => known.has(c));
  };
  const g = new Map<string, Set<string>>();
  for (const f of files) {
    const to = new Set<string>();
    for (const s of specifiers(f, readFileSync(f, "utf8"))) {
      const t = target(f, s);
      if (t !== undefined) to.add(relative(ROOT, t));
    }
    g.set(relative(ROOT, f), to);
  }
  return g;
}

/** Strongly connected components of more than one file, or a file importing itself (Tarjan). */
export function cycles(g: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], on = new Set<string>();
  const out: string[][] = [];
  let n = 0;
  const connect = (v: string): void => {
    index.set(v, n), low.set(v, n), n++;
    stack.push(v), on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) connect(w), low.set(v, Math.min(low.get(v)!, low.get(w)!));
      else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const comp: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      on.delete(w), comp.push(w);
      if (w === v) break;
    }
    if (comp.length > 1 || g.get(v)?.has(v)) out.push(comp.sort());
  };
  for (const v of g.keys()) if (!index.has(v)) connect(v);
  return out;
}

function layerOf(file: string): string {
  const rel = relative("sim", file).split("/");
  return rel.length === 1 ? rel[0].replace(/\.ts$/, "") : rel[0];
}

describe("the import graph of sim/", () => {
  const graph = importGraph(SIM);

  it("is read from every form of import", () => {
    const text = [
      'import { a } from "./a";', 'import type { B } from "./b";', 'export { c } from "./c";', 'export * from "./d";',
      'type E = import("./e").E;', 'const f = () => import("./f");', 'declare module "./g" { interface X { y: 1 } }', 'import "./h";',
      'import { z } from "zod";',
    ].join("\n");
    expect(specifiers("x.ts", text).sort()).toEqual(["./a", "./b", "./c", "./d", "./e", "./f", "./g", "./h"]);
    expect(graph.get("sim/scenario/simulation.ts")).toContain("sim/scenario/sections.ts");
  });

  it("finds cycles, type-only ones included", () => {
    const g = new Map([["a", new Set(["b"])], ["b", new Set(["c"])], ["c", new Set(["a"])], ["d", new Set(["d"])], ["e", new Set(["a"])]]);
    expect(cycles(g)).toEqual(expect.arrayContaining([["a", "b", "c"], ["d"]]));
    expect(cycles(g)).toHaveLength(2);
    expect(graph.get("sim/scenario/model.ts")).toContain("sim/scenario/schema.ts"); // an `import type` only
  });

  it("has no cycle", () => {
    const found = cycles(graph).map((c) => `cycle of ${c.length} files: ${c.join(", ")}`);
    expect(found).toEqual([]);
  });

  it("goes down the layers only: each layer imports itself and the layers above it", () => {
    const wrong: string[] = [];
    for (const [from, tos] of graph) {
      const a = LAYERS.indexOf(layerOf(from));
      expect(a, `${from} is in no layer of DESIGN.md`).toBeGreaterThanOrEqual(0);
      for (const to of tos) if (LAYERS.indexOf(layerOf(to)) > a) wrong.push(`${from} imports ${to}`);
    }
    expect(wrong).toEqual([]);
  });
});
