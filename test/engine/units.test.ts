import { describe, expect, it } from "vitest";
import { parseBandwidth, parseDuration, parseSize, UnitError } from "../../sim/engine";

describe("units", () => {
  it("durations", () => {
    expect(parseDuration("300s")).toBe(300);
    expect(parseDuration("30m")).toBe(1800);
    expect(parseDuration("4h")).toBe(14_400);
    expect(parseDuration("5d")).toBe(432_000);
    expect(parseDuration("1.5h")).toBe(5400);
    expect(parseDuration("250ms")).toBeCloseTo(0.25, 12);
    expect(parseDuration(42)).toBe(42);
  });
  it("bandwidths in bits per second", () => {
    expect(parseBandwidth("1.5Mbps")).toBe(1_500_000);
    expect(parseBandwidth("64kbps")).toBe(64_000);
    expect(parseBandwidth("10Gbps")).toBe(1e10);
  });
  it("sizes in bytes, decimal and binary", () => {
    expect(parseSize("10KB")).toBe(10_000);
    expect(parseSize("2MB")).toBe(2_000_000);
    expect(parseSize("1KiB")).toBe(1024);
    expect(parseSize("512B")).toBe(512);
  });
  it("bad units are errors that say what was expected", () => {
    expect(() => parseDuration("5 parsecs")).toThrow(UnitError);
    expect(() => parseDuration("4x")).toThrow(/expected a duration/);
    expect(() => parseBandwidth("1.5")).toThrow(/expected a bandwidth/);
    expect(() => parseBandwidth("1.5MBps")).toThrow(/expected a bandwidth/);
    expect(() => parseSize("-3KB")).toThrow(/expected a size/);
    expect(() => parseDuration(null)).toThrow(UnitError);
  });
});
