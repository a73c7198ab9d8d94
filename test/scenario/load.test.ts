import { describe, expect, it } from "vitest";
import { problems } from "../helpers/problems";
import { loadScenario } from "../../sim";

const base = `name: t
duration: 1h
hosts:
  a: { addr: 192.0.2.1 }
  b: { addr: 192.0.2.2 }
links:
  - { between: [a, b], bandwidth: 1.5Mbps, latency: 20ms }
`;


describe("scenario loading", () => {
  it("converts every quantity to SI units", () => {
    const s = loadScenario(
      base + `traffic:\n  - { kind: transfers, from: a, to: b, rate: 2/min, size: "lognormal(10KB, 1.0)", start: 30m }\nfaults:\n  - { at: 6h, down: b, for: 4h }\n`,
      "s.yaml",
    );
    expect(s.duration).toBe(3600);
    expect(s.links[0].bandwidth).toBe(1.5e6);
    expect(s.links[0].latency).toBeCloseTo(0.02, 12);
    expect(s.linkNames).toEqual(["a--b"]);
    const t = s.traffic[0];
    if (t.kind !== "transfers") throw new Error("expected a transfers workload");
    expect(t.rate).toBeCloseTo(2 / 60, 12);
    expect(t.size).toEqual({ kind: "lognormal", median: 10_000, sigma: 1 });
    expect(t.start).toBe(1800);
    expect(s.faults[0]).toMatchObject({ at: 21_600, down: "b", for: 14_400 });
  });

  it("reports a YAML syntax error with its line and column", () => {
    const p = problems("name: t\nhosts: [a,\nduration: 1h\n");
    expect(p[0]).toMatch(/^s\.yaml:\d+:\d+: \(top\): YAML syntax: /);
  });

  it("reports every schema problem at once, each at its position with what was expected", () => {
    const p = problems(`name: t
duration: 5x
hosts:
  a: { addr: 1.2.3 }
links:
  - { between: [a, a], bandwidth: 10, latency: 1ms, colour: red }
`);
    expect(p).toEqual([
      `s.yaml:2:11: duration: cannot read "5x" (expected a duration like 250ms, 300s, 30m, 4h, 5d)`,
      "s.yaml:4:14: hosts.a.addr: not an IPv4 address",
      "s.yaml:6:35: links[0].bandwidth: cannot read 10 (expected a bandwidth like 64kbps, 1.5Mbps, 10Gbps)",
      `s.yaml:6:53: links[0].colour: unknown field "colour"`,
      "s.yaml:6:16: links[0].between: a link must join two different hosts", // reference checks run in the same pass
    ]);
  });

  it("reports a missing required field at its parent", () => {
    const p = problems("name: t\nhosts: {}\n");
    expect(p).toEqual(["s.yaml:1:1: duration: missing (expected string or number)"]);
  });

  it("reports references to unknown hosts and links with the known names", () => {
    const p = problems(
      base + `traffic:\n  - { kind: transfers, from: a, to: c, count: 1, size: 1KB }\nfaults:\n  - { at: 1h, down: a--c }\n  - { at: 1h, link: x, bandwidth: 1Mbps }\n`,
    );
    expect(p).toEqual([
      `s.yaml:9:37: traffic[0].to: unknown host "c" (expected one of the hosts: a, b)`,
      `s.yaml:11:21: faults[0].down: unknown host or link "a--c" (expected a host name or a link name (a--b))`,
      `s.yaml:12:21: faults[1].link: unknown link "x" (expected one of the links: a--b)`,
    ]);
  });

  it("rejects an unknown traffic kind, naming the accepted ones", () => {
    const p = problems(base + `traffic:\n  - { kind: carrier-pigeon, from: a, to: b }\n`);
    expect(p[0]).toMatch(/^s\.yaml:9:\d+: traffic\[0\]\.kind: unknown kind \(expected one of "transfers"(, "[a-z-]+")*\)$/);
  });

  it("rejects a bad distribution", () => {
    const p = problems(base + `traffic:\n  - { kind: transfers, from: a, to: b, count: 1, size: "gaussian(1KB, 2)" }\n`);
    expect(p[0]).toMatch(/traffic\[0\]\.size: unknown distribution "gaussian" \(expected a value or lognormal/);
  });
});

describe("all errors at once", () => {
  it("reference errors are reported in the same pass as schema errors, once each", () => {
    const p = problems(`name: t
duration: 5x
hosts:
  a: { addr: 192.0.2.1 }
  b: { addr: 192.0.2.2 }
links:
  - { between: [a, gatway], bandwidth: 10Mbps, latency: 1ms }
  - { between: [a, 7], bandwidth: 10, latency: 1ms }
faults:
  - { at: 1h, down: nosuch }
`);
    expect(p).toEqual([
      `s.yaml:2:11: duration: cannot read "5x" (expected a duration like 250ms, 300s, 30m, 4h, 5d)`,
      "s.yaml:8:20: links[1].between[1]: wrong type (number 7) (expected string)",
      "s.yaml:8:35: links[1].bandwidth: cannot read 10 (expected a bandwidth like 64kbps, 1.5Mbps, 10Gbps)",
      `s.yaml:7:20: links[0].between[1]: unknown host "gatway" (expected one of the hosts: a, b)`,
      `s.yaml:10:21: faults[0].down: unknown host or link "nosuch" (expected a host name or a link name (a--gatway))`,
    ]);
  });
});
