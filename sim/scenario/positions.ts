/**
 * Where a path of a YAML document is written: the bridge from "links[0].bandwidth is
 * wrong" to "default.yaml:12:20". For a path that does not exist (a missing field)
 * the position of the nearest existing parent is used; for a map key that should
 * not be there, the key itself.
 *
 * Each map is indexed by key on its first lookup, so reporting a problem on every
 * one of 100,000 hosts costs 100,000 lookups, not 100,000 scans of the map.
 */
import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import type { Path } from "./errors";

export class Positions {
  private readonly keys = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** 1-based line and column of the value at `path` (or of its nearest existing ancestor). */
  of(path: Path, key?: string): { line: number; col: number } {
    let node: unknown = this.doc.contents;
    let offset = isNode(node) && node.range ? node.range[0] : 0;
    for (const seg of path) {
      const child = this.child(node, seg);
      if (child === undefined) break;
      node = child.value;
      offset = child.offset;
    }
    if (key !== undefined && isMap(node)) {
      const pair = this.pair(node, key);
      if (pair && isNode(pair.key) && pair.key.range) offset = pair.key.range[0];
    }
    return this.lines.linePos(offset);
  }

  /** The YAML node written at `path` (undefined if there is none), e.g. a zone's block scalar. */
  node(path: Path): unknown {
    let node: unknown = this.doc.contents;
    for (const seg of path) {
      const child = this.child(node, seg);
      if (child === undefined) return undefined;
      node = child.value;
    }
    return node;
  }

  /** 1-based line and column of a character offset in the file. */
  linePos(offset: number): { line: number; col: number } {
    return this.lines.linePos(offset);
  }

  /** Character offset at which each line of the file starts (line 1 first). */
  get lineStarts(): readonly number[] {
    return this.lines.lineStarts;
  }

  private child(node: unknown, seg: string | number): { value: unknown; offset: number } | undefined {
    if (isMap(node)) {
      const pair = this.pair(node, String(seg));
      if (!pair) return undefined;
      const v = pair.value as Node | null;
      const at = v && isNode(v) && v.range ? v.range[0] : isNode(pair.key) && pair.key.range ? pair.key.range[0] : 0;
      return { value: v, offset: at };
    }
    if (isSeq(node) && typeof seg === "number") {
      const v = node.items[seg] as Node | undefined;
      if (v === undefined) return undefined;
      return { value: v, offset: isNode(v) && v.range ? v.range[0] : 0 };
    }
    return undefined;
  }

  /** The first pair of `map` whose key reads as `key`. */
  private pair(map: YAMLMap, key: string): Pair | undefined {
    let index = this.keys.get(map);
    if (index === undefined) {
      index = new Map();
      for (const p of map.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const k = String(p.key.value);
        if (!index.has(k)) index.set(k, p);
      }
      this.keys.set(map, index);
    }
    return index.get(key);
  }
}
