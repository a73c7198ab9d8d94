/**
 * YAML text -> a `yaml` Document (for positions) and its plain value, or every
 * document-level problem with its position: syntax errors, duplicate keys, nesting
 * too deep, aliases that expand too far.
 *
 * The value is built here rather than by `Document.toJS()`, for three reasons:
 *
 * - duplicate keys: the library's `uniqueKeys` check compares each new key with
 *   every earlier key of its map (quadratic: 20,000 hosts take seconds, 100,000
 *   minutes); a Set per map is linear and names both keys' positions;
 * - aliases: `toJS` resolves each alias by scanning every anchor and alias of the
 *   document (quadratic again), and its `maxAliasCount` guard throws an error with
 *   no position. Here each alias is resolved in O(1) and its expansion is measured
 *   (values and depth as a reader of the value will walk them), so an alias bomb
 *   ("billion laughs", CVE-2003-1564 in XML's terms) is refused at the alias that
 *   crosses the budget;
 * - depth: the library composes recursively, so 100,000 nested brackets overflow
 *   the stack. The parser's tree (CST) is built with an explicit stack; its depth is
 *   measured here, iteratively, before anything recursive runs.
 */
import { Composer, isAlias, isMap, isNode, isPair, isScalar, isSeq, LineCounter, Parser, type Alias, type CST, type Document, type Node } from "yaml";
import type { Path, Problem } from "./errors";

/** Deeper than any scenario needs (they nest fewer than 10 levels), shallow enough for every recursive reader. */
export const MAX_DEPTH = 100;
/** Values an alias expansion may add: at least this many, or 10 × the values written in the file. */
const MIN_ALIAS_BUDGET = 100_000;

export interface YamlSource {
  doc: Document;
  lines: LineCounter;
  /** The document's value, as `Document.toJS()` would give it. */
  value: unknown;
}

/** Parses `text`; `problems` is empty when the document is well formed (then `source` is set). */
export function readYaml(text: string): { source?: YamlSource; problems: Problem[] } {
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const problem = (offset: number, path: Path, message: string, expected?: string): Problem => ({
    path, message, expected, ...lines.linePos(offset), severity: "error",
  });
  const shape = measure(tokens);
  if (shape.tooDeepAt !== undefined) return { problems: [problem(shape.tooDeepAt, [], `nested more than ${MAX_DEPTH} levels deep`, `at most ${MAX_DEPTH} levels of maps and lists`)] };
  const docs = [...new Composer({ uniqueKeys: false }).compose(tokens, true, text.length)];
  tokens.length = 0; // the CST is not needed once composed: let it go before the value is built
  const doc = docs[0]; // forceDoc: an empty file is one empty document
  const problems = doc.errors.map((e) => problem(e.pos[0], [], `YAML syntax: ${e.message.split("\n")[0]}`));
  if (docs.length > 1) problems.push(problem(docs[1].range[0], [], "a second YAML document", "one document per scenario file (no ---)"));
  if (problems.length > 0) return { problems };
  const builder = new ValueBuilder(lines, shape.nodes);
  const value = builder.build(doc.contents);
  if (builder.problems.length > 0) return { problems: builder.problems };
  return { source: { doc, lines, value }, problems: [] };
}

/**
 * The CST's size (tokens that hold a value) and the offset of the first collection
 * nested deeper than {@link MAX_DEPTH}, walked with an explicit stack.
 */
function measure(tokens: readonly CST.Token[]): { nodes: number; tooDeepAt?: number } {
  const stack: CST.Token[] = [...tokens];
  const depths: number[] = tokens.map(() => 0);
  let nodes = 0;
  while (stack.length > 0) {
    const t = stack.pop() as CST.Token;
    const depth = depths.pop() as number;
    nodes++;
    const visit = (child: CST.Token | undefined): boolean => {
      if (child === undefined) return true;
      const d = child.type === "block-map" || child.type === "block-seq" || child.type === "flow-collection" ? depth + 1 : depth;
      if (d > MAX_DEPTH) return false;
      stack.push(child);
      depths.push(d);
      return true;
    };
    if (t.type === "document") {
      if (!visit(t.value)) return { nodes, tooDeepAt: t.value?.offset };
    } else if (t.type === "block-map" || t.type === "block-seq" || t.type === "flow-collection") {
      for (const it of t.items) {
        const key = "key" in it ? it.key ?? undefined : undefined;
        if (!visit(key)) return { nodes, tooDeepAt: key?.offset };
        if (!visit(it.value)) return { nodes, tooDeepAt: it.value?.offset };
      }
    }
  }
  return { nodes };
}

interface Built {
  value: unknown;
  /** Values a reader walks through this one, aliases expanded (1 for a scalar). */
  size: number;
  /** Levels of collections under it, aliases expanded (0 for a scalar). */
  depth: number;
}

class ValueBuilder {
  readonly problems: Problem[] = [];
  private readonly anchors = new Map<string, Node>();
  private readonly built = new Map<Node, Built | "building">();
  private readonly budget: number;
  /** Where the walk is (pushed and popped, copied only into a problem). */
  private readonly path: (string | number)[] = [];
  private expanded = 0;
  private refused = false;

  constructor(
    private readonly lines: LineCounter,
    written: number,
  ) {
    this.budget = Math.max(MIN_ALIAS_BUDGET, 10 * written);
  }

  build(node: unknown): unknown {
    return this.node(node).value;
  }

  private at(node: unknown, message: string, expected?: string): void {
    const offset = isNode(node) && node.range ? node.range[0] : 0;
    this.problems.push({ path: [...this.path], message, expected, ...this.lines.linePos(offset), severity: "error" });
  }

  private node(node: unknown): Built {
    if (isAlias(node)) return this.alias(node);
    if (!isNode(node)) return { value: null, size: 1, depth: 0 };
    if (node.anchor !== undefined) {
      this.anchors.set(node.anchor, node);
      this.built.set(node, "building");
    }
    const b = this.collection(node);
    if (node.anchor !== undefined) this.built.set(node, b);
    return b;
  }

  private child(seg: string | number, node: unknown): Built {
    this.path.push(seg);
    const b = this.node(node);
    this.path.pop();
    return b;
  }

  private collection(node: Node): Built {
    if (isSeq(node)) {
      const out: unknown[] = [];
      let size = 1;
      let depth = 0;
      for (let i = 0; i < node.items.length; i++) {
        const b = this.child(i, node.items[i]);
        out.push(b.value);
        size += b.size;
        if (b.depth > depth) depth = b.depth;
      }
      return { value: out, size, depth: depth + 1 };
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      const first = new Map<string, unknown>();
      let size = 1;
      let depth = 0;
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = this.key(pair.key);
        if (key === undefined) continue;
        const earlier = first.get(key);
        if (earlier !== undefined) {
          const p = this.lines.linePos(isNode(earlier) && earlier.range ? earlier.range[0] : 0);
          this.path.push(key);
          this.at(pair.key, `duplicate key "${key}" (first at ${p.line}:${p.col})`, "each key once in a map");
          this.path.pop();
          continue;
        }
        first.set(key, pair.key ?? node);
        const b = this.child(key, pair.value);
        // As toJS: an inherited name (__proto__, constructor) becomes an own property, never a prototype change.
        if (key in out) Object.defineProperty(out, key, { value: b.value, writable: true, enumerable: true, configurable: true });
        else out[key] = b.value;
        size += b.size + 1;
        if (b.depth > depth) depth = b.depth;
      }
      return { value: out, size, depth: depth + 1 };
    }
    return { value: isScalar(node) ? node.value : null, size: 1, depth: 0 };
  }

  /** A map key as the JS property it becomes (null -> "", as toJS); undefined after reporting a key that is not a plain value. */
  private key(key: unknown): string | undefined {
    if (key === null || key === undefined) return "";
    const target = isAlias(key) ? this.anchors.get(key.source) : key;
    if (isScalar(target)) return target.value === null ? "" : String(target.value);
    this.at(key, "a map key that is not a plain value", "a name or a number as the key");
    return undefined;
  }

  private alias(node: Alias): Built {
    const target = this.anchors.get(node.source);
    const b = target === undefined ? undefined : this.built.get(target);
    if (b === undefined) {
      this.at(node, `alias *${node.source} names no earlier anchor`, `an anchor &${node.source} before the alias`);
      return { value: null, size: 1, depth: 0 };
    }
    if (b === "building") {
      this.at(node, `alias *${node.source} is inside the value it names`, "an alias outside its anchor's value");
      return { value: null, size: 1, depth: 0 };
    }
    this.expanded += b.size;
    if (!this.refused && this.expanded > this.budget) {
      this.refused = true;
      this.at(node, `alias *${node.source}: the aliases expand the document past ${this.budget} values`, "aliases that repeat a part of the file a bounded number of times");
    }
    if (!this.refused && this.path.length + b.depth > MAX_DEPTH) {
      this.refused = true;
      this.at(node, `alias *${node.source} nests the document more than ${MAX_DEPTH} levels deep`, `at most ${MAX_DEPTH} levels of maps and lists`);
    }
    return b;
  }
}
