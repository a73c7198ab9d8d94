/**
 * A corpus-driven mutator over the bundled scenarios, as an attacker would write them:
 * take a scenario's parsed document, pick a place in it, and put something hostile there —
 * numbers at the edge of what parses (0, −1, 1e400, NaN, 2^53), units that overflow, names
 * found on the object prototype, control characters, an address or a name copied from
 * elsewhere in the same file, a subtree moved or deleted. Every choice comes from one
 * seeded stream, so a case is reproduced from (scenario, seed, index) alone.
 */
import { parse, stringify } from "yaml";
import { RandomStreams, type Stream } from "../../sim/engine";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const HOSTILE_STRINGS = [
  "", "constructor", "__proto__", "toString", "hasOwnProperty", "x\u0000y", "\u001b[31mred", "a\nb", "\u202eevil",
  "1e400s", "1e400Gbps", "-5s", "0s", "NaN", "Infinity", "lognormal(6KB, 1000)", "lognormal(1e308B, 1)", "pareto(1KB, 0.5)",
  "10.0.0.0/NaN", "300.1.2.3", "10.0.0.0/33", "not-a-cidr", "::1", "999999999999/s", "0/min", "1e400/s",
  "[127.0.0.1]", "smtp:[]", "*", ".", "..", "-", "a".repeat(300),
];
const HOSTILE_NUMBERS = [0, -1, 1, 0.5, 1e400, -1e400, 2 ** 53, 2 ** 31, 1e10, 1e12, 999999999999, 24, 1e-300];

function leaves(x: Json, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(x)) x.forEach((v, i) => leaves(v, [...path, i], out));
  else if (x !== null && typeof x === "object") for (const [k, v] of Object.entries(x)) leaves(v, [...path, k], out);
  return out;
}

function get(x: Json, p: Path): Json {
  return p.reduce<Json>((o, k) => (o as Record<string | number, Json>)[k], x);
}

function set(x: Json, p: Path, v: Json | undefined): void {
  if (p.length === 0) return;
  const parent = get(x, p.slice(0, -1)) as Record<string | number, Json> | Json[];
  const k = p[p.length - 1];
  if (v === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(k), 1);
    else delete (parent as Record<string, Json>)[k as string];
  } else (parent as Record<string | number, Json>)[k] = v;
}

const pick = <T>(r: Stream, xs: readonly T[]): T => xs[r.int(xs.length)];
const clone = (x: Json): Json => JSON.parse(JSON.stringify(x)) as Json;

/** The mutations, by name: each changes the document in place at a random place. */
const MUTATIONS: Record<string, (doc: Json, r: Stream, places: Path[]) => void> = {
  hostileString: (d, r, ps) => set(d, pick(r, ps), pick(r, HOSTILE_STRINGS)),
  hostileNumber: (d, r, ps) => set(d, pick(r, ps), pick(r, HOSTILE_NUMBERS)),
  /** A scalar of the same document put somewhere else: a host name, an address, a zone, a duration. */
  copyScalar: (d, r, ps) => {
    const scalars = ps.filter((p) => typeof get(d, p) !== "object" || get(d, p) === null);
    if (scalars.length > 0) set(d, pick(r, ps), get(d, pick(r, scalars)));
  },
  /** A subtree copied over another (two hosts alike: duplicate addresses, duplicate names). */
  copySubtree: (d, r, ps) => set(d, pick(r, ps), clone(get(d, pick(r, ps)))),
  remove: (d, r, ps) => set(d, pick(r, ps), undefined),
  emptyList: (d, r, ps) => set(d, pick(r, ps), []),
  emptyMap: (d, r, ps) => set(d, pick(r, ps), {}),
  /** A list made long: a static route that loops, a diurnal profile, many recipients. */
  repeat: (d, r, ps) => {
    const p = pick(r, ps);
    const v = get(d, p);
    if (Array.isArray(v) && v.length > 0) set(d, p, [...v, ...v, v[0]]);
  },
};
export const MUTATION_NAMES = Object.keys(MUTATIONS);

export interface Mutant {
  text: string;
  /** What was done, for a reproducer: mutation names with their paths. */
  steps: string[];
}

/** The `index`-th mutant of `source` for `seed`: one to three mutations. */
export function mutant(source: string, seed: number, index: number): Mutant {
  const r = new RandomStreams(seed).stream(`fuzz/${index}`);
  const doc = parse(source) as Json;
  const steps: string[] = [];
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const places = leaves(doc).filter((p) => p.length > 0);
    if (places.length === 0) break;
    const name = pick(r, MUTATION_NAMES);
    const before = JSON.stringify(doc);
    MUTATIONS[name](doc, r, places);
    if (JSON.stringify(doc) !== before) steps.push(name);
  }
  return { text: stringify(doc, { lineWidth: 0 }), steps };
}
