import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioJsonSchemaText } from "../../sim/scenario/json-schema";
import { PROFILES } from "../../sim/mta";

const FILE = join(__dirname, "../../scenarios/scenario.schema.json");

describe("scenarios/scenario.schema.json", () => {
  it("is exactly what `npm run schema` generates from the zod definitions (run it after changing the format)", () => {
    expect(readFileSync(FILE, "utf8")).toBe(scenarioJsonSchemaText());
  });

  it("describes what users write: units as strings, MTA profiles as an enum, unknown fields refused", () => {
    const j = JSON.parse(readFileSync(FILE, "utf8"));
    expect(j.required).toEqual(expect.arrayContaining(["name", "duration", "hosts"]));
    expect(j.additionalProperties).toBe(false);
    expect(j.properties.duration.type).toEqual(["string", "number"]);
    const host = j.properties.hosts.additionalProperties;
    expect(host.additionalProperties).toBe(false);
    expect(host.properties.mta.properties.profile.enum.sort()).toEqual(Object.keys(PROFILES).sort());
    expect(j.properties.learningGoal.required).toEqual(["en"]);
  });
});
