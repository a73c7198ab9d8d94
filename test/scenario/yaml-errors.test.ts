import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { problems } from "../helpers/problems";
import { decodeScenario, loadScenario, ScenarioError } from "../../sim";
import { firstInvalidByte } from "../../sim/scenario/utf8";
import { readYaml } from "../../sim/scenario/read-yaml";

const head = "name: t\nduration: 1h\n";

/** 1-based line:col of the first occurrence of `needle` in `text`, counted here independently of the loader. */
function at(text: string, needle: string, nth = 0): string {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`no ${needle} in the text`);
  const before = text.slice(0, i).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

describe("YAML syntax errors", () => {
  it("are reported at the line and column the parser found them, not 1:1", () => {
    const text = head + "hosts:\n  a: [1, 2\n  b: 3\n";
    expect(problems(text)).toEqual([`s.yaml:${at(text, "b: 3")}: (top): YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]`]);
    const nested = head + "links:\n  - { between: [a, b] bandwidth: 1Mbps }\n";
    const p = problems(nested);
    expect(p.length).toBeGreaterThan(0);
    for (const line of p) expect(line).toMatch(/^s\.yaml:4:\d+: \(top\): YAML syntax: /);
  });

  it("a second document is refused where it starts", () => {
    const text = head + "---\nname: u\n";
    expect(problems(text)).toEqual([`s.yaml:${at(text, "---")}: (top): a second YAML document (expected one document per scenario file (no ---))`]);
  });
});

describe("duplicate keys", () => {
  it("each duplicate is reported at its own key, naming where the first one is", () => {
    const text = head + "hosts:\n  a: { addr: 192.0.2.1 }\n  b: { addr: 192.0.2.2 }\n  a: { addr: 192.0.2.3 }\nduration: 2h\n";
    expect(problems(text)).toEqual([
      `s.yaml:${at(text, "a:", 1)}: hosts.a: duplicate key "a" (first at ${at(text, "a:")}) (expected each key once in a map)`,
      `s.yaml:${at(text, "duration", 1)}: duration: duplicate key "duration" (first at ${at(text, "duration")}) (expected each key once in a map)`,
    ]);
  });

  it("keys that become the same property (1 and \"1\") are duplicates too", () => {
    const text = head + "hosts:\n  1: {}\n  \"1\": {}\n";
    expect(problems(text)[0]).toBe(`s.yaml:${at(text, "\"1\"")}: hosts.1: duplicate key "1" (first at ${at(text, "1:")}) (expected each key once in a map)`);
  });

  it("a map of 30,000 hosts is checked in linear time (the quadratic check took ≈ 14 s)", () => {
    const hosts = Array.from({ length: 30_000 }, (_, i) => `  h${i}: { addr: 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255} }`);
    const text = head + "hosts:\n" + hosts.join("\n") + "\n  h7: {}\nlinks:\n  - { between: [h0, h1], bandwidth: 1Mbps, latency: 1ms }\n";
    const t0 = performance.now();
    expect(problems(text)).toEqual([`s.yaml:${30_000 + 4}:3: hosts.h7: duplicate key "h7" (first at 11:3) (expected each key once in a map)`]);
    expect(performance.now() - t0).toBeLessThan(10_000);
  }, 30_000);
});

describe("resource limits", () => {
  const laughs = (levels: number): string => {
    const lines = [`l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
    for (let k = 1; k < levels; k++) lines.push(`l${k}: &l${k} [${Array.from({ length: 9 }, () => `*l${k - 1}`).join(", ")}]`);
    return head + lines.join("\n") + "\n";
  };

  it("an alias bomb is refused at the alias that crosses the budget, with its path", () => {
    const text = laughs(9); // 9^9 ≈ 387 million strings once expanded
    const p = problems(text);
    expect(p).toHaveLength(1);
    // Budget 100,000 values: l0..l4 expand to 10, 100, 1,000, 10,000, ≈ 100,000 values, so the budget runs out on line l5's aliases.
    expect(p[0]).toMatch(/^s\.yaml:8:\d+: l5\[\d\]: alias \*l4: the aliases expand the document past 100000 values \(expected aliases that repeat a part of the file a bounded number of times\)$/);
  });

  it("the value read is the one the yaml library's toJS gives, for every bundled scenario and for aliases", () => {
    const dir = join(__dirname, "../../scenarios");
    const texts = readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => readFileSync(join(dir, f), "utf8"));
    texts.push(head + "hosts:\n  a: &h { addr: 192.0.2.1, tags: [x, y] }\n  b: *h\n  __proto__: { polluted: 1 }\n  constructor: 7\n? ~\n: empty key\n1: one\n");
    expect(texts.length).toBeGreaterThan(10);
    for (const text of texts) expect(readYaml(text).source?.value).toEqual(parseDocument(text).toJS());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("an alias inside the value it names is refused (the value would contain itself)", () => {
    const text = head + "hosts: &x { a: *x }\n";
    expect(problems(text)).toEqual([`s.yaml:${at(text, "*x")}: hosts.a: alias *x is inside the value it names (expected an alias outside its anchor's value)`]);
  });

  it("nesting 100,000 deep is refused at the 101st level, in flow and in block style", () => {
    const flow = head + "hosts: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
    // The top map is level 1, so the 100th bracket is level 101.
    expect(problems(flow)).toEqual([`s.yaml:3:${"hosts: ".length + 100}: (top): nested more than 100 levels deep (expected at most 100 levels of maps and lists)`]);
    const block = head + "hosts:\n" + Array.from({ length: 150 }, (_, i) => `${" ".repeat(i + 1)}k${i}:`).join("\n") + "\n";
    // The top map is level 1, the map holding k0 level 2: the map holding k99, on line 4 + 99, is level 101.
    const p = problems(block);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(new RegExp(`^s\\.yaml:${4 + 99}:\\d+: \\(top\\): nested more than 100 levels deep`));
  });

  it("nesting 100 deep still loads into the schema checks", () => {
    const text = head + "hosts: " + "[".repeat(99) + "]".repeat(99) + "\n";
    expect(problems(text)[0]).toMatch(/^s\.yaml:3:8: hosts: wrong type \(a list\)/);
  });
});

describe("control characters in messages", () => {
  it("a key with ESC and a newline is one problem on one line, escaped", () => {
    const text = head + 'hosts:\n  "a\\x1b[31mb\\nc": { addr: 192.0.2.1, colour: red }\n';
    const p = problems(text);
    expect(p).toEqual([`s.yaml:${at(text, "colour")}: hosts.a\\x1b[31mb\\nc.colour: unknown field "colour"`]);
  });

  it("a value with a bidi override or a line separator is escaped", () => {
    const text = head + 'hosts:\n  a: { addr: 192.0.2.1 }\nlinks:\n  - { between: [a, "b\\u202e\\u2028x"], bandwidth: 1Mbps, latency: 1ms }\n';
    const p = problems(text);
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(String.raw`unknown host "b\u202e\u2028x"`);
    expect(p[0]).not.toMatch(/[\u0000-\u001f\u202e\u2028]/);
  });
});

describe("invalid UTF-8", () => {
  const utf8 = (s: string): number[] => [...new TextEncoder().encode(s)];

  it("is refused at the first bad byte, by line:col and offset", () => {
    const bytes = Uint8Array.from([...utf8(head + "hosts:\n  ä: {}\n  b"), 0xff, ...utf8(": {}\n")]);
    try {
      decodeScenario(bytes, "s.yaml");
      throw new Error("decoded");
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      expect(e.message).toBe(`s.yaml:5:4: (top): not UTF-8: byte 0xff at offset ${bytes.indexOf(0xff)} (expected a file in UTF-8)`);
    }
  });

  it("a truncated sequence, an overlong form and a surrogate are each found at their first byte", () => {
    const cases: [number[], number][] = [
      [[0x61, 0xe2, 0x82], 1], // "€" cut short at the end
      [[0x61, 0xc0, 0xaf, 0x62], 1], // overlong "/"
      [[0x61, 0x62, 0xed, 0xa0, 0x80], 2], // U+D800
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[...utf8("ok €𝄞"), 0x80], utf8("ok €𝄞").length], // a lone continuation byte
    ];
    for (const [b, i] of cases) expect(firstInvalidByte(Uint8Array.from(b))).toBe(i);
  });

  it("agrees with the platform's strict decoder on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (b) => {
        const at = firstInvalidByte(b);
        const strict = (x: Uint8Array): boolean => {
          try {
            new TextDecoder("utf-8", { fatal: true }).decode(x);
            return true;
          } catch {
            return false;
          }
        };
        expect(at === b.length).toBe(strict(b));
        expect(strict(b.subarray(0, at))).toBe(true);
      }),
      { seed: 16, numRuns: 2000 },
    );
  });

  it("valid UTF-8 decodes as it always did", () => {
    expect(loadScenario(decodeScenario(new TextEncoder().encode(head + "hosts:\n  ä: { addr: 192.0.2.1 }\n"), "s.yaml"), "s.yaml").hosts).toHaveProperty("ä");
  });
});
