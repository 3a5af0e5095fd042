/**
 * Semver from the contract (issue 16): one row per kind of change, for requests, responses and
 * the catalogue, each with its level and the sentence a user reads. The request rows take a
 * caller's point of view (could a valid request now fail?), the response rows a reader's (could
 * code that reads the answer break?).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  bump,
  compareCatalogue,
  compareCli,
  compareModel,
  compareRequest,
  compareResponse,
  compareRuntime,
  contractSchema,
  entrySources,
  exportedNames,
  levelOf,
  packageBins,
  runtimeContract,
  type Change,
  type CliContract,
  type ModelContract,
} from "../../generator/contract.js";
import { readSources, RUNTIME_SOURCES_DIR, toolRoot } from "../../generator/tool.js";
import type { Json } from "../../generator/ir.js";
import { KEYWORDS } from "../../generator/validators/keywords.js";

/** A wan2.6-like request body. */
const BODY: Json = {
  type: "object",
  required: ["model", "prompt"],
  additionalProperties: false,
  properties: {
    model: { type: "string", enum: ["wan2.6"] },
    prompt: { type: "string", minLength: 1, maxLength: 1500, description: "What to make" },
    duration: { type: "integer", enum: [5, 10, 15], default: 5 },
    resolution: { type: "string", enum: ["720P", "1080P"] },
    audio_url: { type: "string", format: "uri" },
    seed: { type: "integer", minimum: 0, maximum: 2147483647 },
    images: { type: "array", items: { type: "string", format: "uri" }, maxItems: 4 },
  },
};

/** `BODY` with `edit` applied to a deep copy. */
function edited(edit: (body: { required: string[]; properties: Record<string, Record<string, Json>> }) => void): Json {
  const copy = structuredClone(BODY) as { required: string[]; properties: Record<string, Record<string, Json>> };
  edit(copy);
  return copy as unknown as Json;
}

const only = (changes: Change[]): Pick<Change, "level" | "text">[] => changes.map(({ level, text }) => ({ level, text }));

describe("request changes, as a caller whose request was valid sees them", () => {
  const rows: [string, Json, Pick<Change, "level" | "text">[]][] = [
    ["a property removed", edited((b) => delete b.properties["audio_url"]), [{ level: "major", text: "`audio_url` was removed" }]],
    ["an optional property made required", edited((b) => b.required.push("duration")), [{ level: "major", text: "`duration` is now required" }]],
    ["an enum value removed", edited((b) => (b.properties["resolution"]!["enum"] = ["720P"])), [{ level: "major", text: "`resolution` no longer accepts `1080P`" }]],
    ["an upper bound narrowed", edited((b) => (b.properties["prompt"]!["maxLength"] = 800)), [{ level: "major", text: "`prompt` must now be at most 800 characters long, was 1500" }]],
    ["a lower bound raised", edited((b) => (b.properties["seed"]!["minimum"] = 1)), [{ level: "major", text: "`seed` must now be at least 1, was 0" }]],
    ["a bound added", edited((b) => (b.properties["images"]!["minItems"] = 1)), [{ level: "major", text: "`images` must now be at least 1 item" }]],
    ["a type changed", edited((b) => (b.properties["seed"]!["type"] = "string")), [{ level: "major", text: "`seed` is now a string, was an integer" }]],
    ["a format changed", edited((b) => (b.properties["audio_url"]!["format"] = "email")), [{ level: "major", text: "`audio_url` must now have the format `email`" }]],
    ["an item's format added", edited((b) => (b.properties["images"]!["items"] = { type: "string", format: "uuid" })), [{ level: "major", text: "`images[]` must now have the format `uuid`" }]],
    ["a new required property", edited((b) => { b.properties["style"] = { type: "string" }; b.required.push("style"); }), [{ level: "major", text: "`style` is new and required" }]],
    ["a new optional property", edited((b) => (b.properties["style"] = { type: "string" })), [{ level: "minor", text: "`style` is new (optional)" }]],
    ["an enum value added", edited((b) => (b.properties["resolution"]!["enum"] = ["720P", "1080P", "4K"])), [{ level: "minor", text: "`resolution` now also accepts `4K`" }]],
    ["a bound relaxed", edited((b) => (b.properties["prompt"]!["maxLength"] = 3000)), [{ level: "minor", text: "`prompt` may now be at most 3000 characters long, was 1500" }]],
    ["a bound removed", edited((b) => delete b.properties["images"]!["maxItems"]), [{ level: "minor", text: "`images` no longer has to be at most 4 items" }]],
    ["a required property made optional", edited((b) => (b.required = ["model"])), [{ level: "minor", text: "`prompt` is now optional" }]],
    ["a format dropped", edited((b) => delete b.properties["audio_url"]!["format"]), [{ level: "minor", text: "`audio_url` no longer needs the format `uri`" }]],
    ["regression: a const added (issue 19: the contract's own keyword list lacked const)", edited((b) => (b.properties["resolution"]!["const"] = "720P")), [{ level: "major", text: "`resolution` must now be `\"720P\"`" }]],
    ["a description, a default or an example changed: not a contract change", edited((b) => { b.properties["prompt"]!["description"] = "Other words"; b.properties["duration"]!["default"] = 10; }), []],
  ];
  test.each(rows)("%s", (_name, after, want) => {
    expect(only(compareRequest(contractSchema(BODY), contractSchema(after)))).toEqual(want);
  });
});

test.each([
  [{ exclusiveMinimum: 0 }, { exclusiveMinimum: 1 }, [{ level: "major", text: "`seed` must now be above 1, was 0" }]],
  [{ exclusiveMinimum: 1 }, { exclusiveMinimum: 0 }, [{ level: "minor", text: "`seed` may now be above 0, was 1" }]],
  [{ exclusiveMaximum: 9 }, { exclusiveMaximum: 5 }, [{ level: "major", text: "`seed` must now be below 5, was 9" }]],
  [{}, { exclusiveMaximum: 5 }, [{ level: "major", text: "`seed` must now be below 5" }]],
  [{ exclusiveMaximum: 5 }, {}, [{ level: "minor", text: "`seed` no longer has to be below 5" }]],
])("regression: a numeric exclusive bound is compared (%j → %j; issue 19)", (before, after, want) => {
  const body = (bounds: Record<string, number>): Json => ({ type: "object", properties: { seed: { type: "number", ...bounds } } });
  expect(only(compareRequest(contractSchema(body(before)), contractSchema(body(after))))).toEqual(want);
});

test("regression: a const removed is a relaxation (issue 19)", () => {
  const before = { type: "object", properties: { model: { type: "string", const: "wan2.6" } } };
  expect(only(compareRequest(contractSchema(before), contractSchema({ type: "object", properties: { model: { type: "string" } } })))).toEqual([
    { level: "minor", text: '`model` no longer has to be `"wan2.6"`' },
  ]);
});

describe("every keyword the validators enforce is part of the contract (the emitter's table)", () => {
  /** A value of each keyword in the table; a keyword added to the table needs one here. */
  const samples: Record<string, Json> = {
    type: "string", nullable: true, enum: ["a"], const: "a", minLength: 1, maxLength: 9, pattern: "^a", format: "uuid",
    minimum: 1, maximum: 9, exclusiveMinimum: true, exclusiveMaximum: true, multipleOf: 2, items: { type: "string" },
    minItems: 1, maxItems: 9, uniqueItems: true, properties: { a: {}, b: { type: "string" } }, required: ["a"],
    additionalProperties: false, minProperties: 1, maxProperties: 9, allOf: [{ type: "string" }], anyOf: [{ type: "string" }],
    oneOf: [{ type: "string" }], not: { type: "string" },
  };
  test("a sample for every keyword", () => expect(Object.keys(samples).sort()).toEqual(Object.keys(KEYWORDS).sort()));
  test.each(Object.keys(KEYWORDS))("%s: adding it is a change", (keyword) => {
    const before: Json = { properties: { a: {} } };
    const after: Json = { properties: { a: {} }, [keyword]: samples[keyword]! };
    expect(compareRequest(contractSchema(before), contractSchema(after)).length).toBeGreaterThan(0);
  });
});

describe("response changes, as code that reads the answer sees them", () => {
  const QUERY: Json = {
    type: "object",
    properties: {
      code: { type: "integer" },
      data: { type: "object", properties: { status: { type: "string", enum: ["Pending", "Success", "Failed"] }, file_url: { type: "string" }, price: { type: "number" } } },
    },
  };
  const withData = (edit: (data: Record<string, Record<string, Json>>) => void): Json => {
    const copy = structuredClone(QUERY) as { properties: { data: { properties: Record<string, Record<string, Json>> } } };
    edit(copy.properties.data.properties);
    return copy as unknown as Json;
  };
  const rows: [string, Json, Pick<Change, "level" | "text">[]][] = [
    ["a field gone", withData((d) => delete d["file_url"]), [{ level: "major", text: "the response's `data.file_url` was removed" }]],
    ["a field retyped", withData((d) => (d["price"]!["type"] = "string")), [{ level: "major", text: "the response's `data.price` is now a string, was a number" }]],
    ["a status added (a type code was checked against)", withData((d) => (d["status"]!["enum"] = ["Pending", "Success", "Failed", "Cancelled"])), [{ level: "major", text: "the response's `data.status` now takes `Pending`, `Success`, `Failed`, `Cancelled`" }]],
    ["a new field", withData((d) => (d["duration"] = { type: "number" })), [{ level: "minor", text: "the response has a new field `data.duration`" }]],
  ];
  test.each(rows)("%s", (_name, after, want) => {
    expect(only(compareResponse(contractSchema(QUERY), contractSchema(after)))).toEqual(want);
  });
});

describe("the catalogue, the runtime and exports", () => {
  const catalogue = { models: ["kling-v3", "wan2.6"], api: ["createLinkModel", "models"] };
  test.each([
    ["a model removed", { ...catalogue, models: ["kling-v3"] }, [{ level: "major", text: "the model `wan2.6` was removed from the catalogue" }]],
    ["a model added", { ...catalogue, models: ["kling-v3", "sora-2", "wan2.6"] }, [{ level: "minor", text: "the model `sora-2` was added to the catalogue" }]],
    ["an export gone", { ...catalogue, api: ["createLinkModel"] }, [{ level: "major", text: "`models` is no longer exported" }]],
    ["an export added", { ...catalogue, api: ["createLinkModel", "models", "groups"] }, [{ level: "minor", text: "`groups` is a new export" }]],
  ] as const)("%s", (_name, after, want) => {
    expect(only(compareCatalogue(catalogue, after))).toEqual(want);
  });

  test("the runtime follows semver by its public API", () => {
    expect(levelOf(compareRuntime({ api: ["a", "b"] }, { api: ["a", "b"] }))).toBeNull();
    expect(levelOf(compareRuntime({ api: ["a", "b"] }, { api: ["a", "b", "c"] }))).toBe("minor");
    expect(levelOf(compareRuntime({ api: ["a", "b"] }, { api: ["a"] }))).toBe("major");
  });

  test("a model package's level is the largest of its changes", () => {
    const before: ModelContract = { request: contractSchema(BODY), responses: { create: {}, query: {} }, api: ["createClient", "model"] };
    const additive = { ...before, request: contractSchema(edited((b) => (b.properties["style"] = { type: "string" }))) };
    const breaking = { ...additive, api: ["createClient"] };
    expect(levelOf(compareModel(before, before))).toBeNull();
    expect(levelOf(compareModel(before, additive))).toBe("minor");
    expect(levelOf(compareModel(before, breaking))).toBe("major");
  });
});

describe("bins and the command line (issue 17: the catalogue's bin moved to @linkmodel-sdk/cli)", () => {
  test("a package that no longer installs a command is a breaking change; one that installs a new command, a minor one", () => {
    const catalogue = { models: ["a"], api: ["x"], bins: ["linkmodel-sdk"] };
    expect(compareCatalogue(catalogue, { ...catalogue, bins: [] })).toEqual([
      { level: "major", path: "linkmodel-sdk", text: "the package no longer installs the command `linkmodel-sdk` (its `bin`)" },
    ]);
    expect(levelOf(compareCatalogue({ ...catalogue, bins: [] }, catalogue))).toBe("minor");
    expect(levelOf(compareRuntime({ api: ["a"], bins: ["tool"] }, { api: ["a"], bins: [] }))).toBe("major");
    expect(levelOf(compareCatalogue(catalogue, catalogue))).toBeNull();
  });

  test("the bins of a package.json: an object's keys, or the package's own name for a string", () => {
    expect(packageBins(JSON.stringify({ name: "@linkmodel-sdk/cli", bin: { "linkmodel-sdk": "./dist/bin.js" } }))).toEqual(["linkmodel-sdk"]);
    expect(packageBins(JSON.stringify({ name: "@scope/tool", bin: "./dist/bin.js" }))).toEqual(["tool"]);
    expect(packageBins(JSON.stringify({ name: "@linkmodel-sdk/catalogue" }))).toEqual([]);
  });

  const cli: CliContract = { bins: ["linkmodel-sdk"], commands: ["doctor", "wait", "wan2.6"], options: ["json", "wait"], flags: { "wan2.6": ["duration", "prompt"] } };
  test.each<[string, Partial<CliContract>, Change[]]>([
    ["a command gone", { commands: ["doctor", "wait"] }, [{ level: "major", path: "wan2.6", text: "the command `wan2.6` was removed" }]],
    ["a new command", { commands: ["doctor", "kling-v3", "wait", "wan2.6"] }, [{ level: "minor", path: "kling-v3", text: "the command `kling-v3` is new" }]],
    ["an option gone", { options: ["json"] }, [{ level: "major", path: "wait", text: "the option `--wait` was removed" }]],
    ["a body flag gone", { flags: { "wan2.6": ["prompt"] } }, [{ level: "major", path: "wan2.6 --duration", text: "`wan2.6`: the flag `--duration` was removed" }]],
    ["a new body flag", { flags: { "wan2.6": ["duration", "prompt", "seed"] } }, [{ level: "minor", path: "wan2.6 --seed", text: "`wan2.6`: the flag `--seed` is new" }]],
    ["the bin gone", { bins: [] }, [{ level: "major", path: "linkmodel-sdk", text: "the package no longer installs the command `linkmodel-sdk` (its `bin`)" }]],
  ])("the command line: %s", (_name, after, want) => {
    expect(compareCli(cli, { ...cli, ...after })).toEqual(want);
  });
});

describe("versions and exports", () => {
  test.each([
    ["1.2.3", "patch", "1.2.4"],
    ["1.2.3", "minor", "1.3.0"],
    ["1.2.3", "major", "2.0.0"],
  ] as const)("%s raised by a %s is %s", (version, level, want) => {
    expect(bump(version, level)).toBe(want);
  });

  test("exportedNames reads every kind of export", () => {
    const source = [
      "export const model = {};",
      "export function createClient() {}",
      "export type Wan26Request = {};",
      "export interface Options {}",
      "export class Thing {}",
      "export { validateRequest, isRequest as isBody } from './validators.js';",
      "export type { Result } from './types.js';",
      "const hidden = 1;",
    ].join("\n");
    expect(exportedNames(source)).toEqual(["Options", "Result", "Thing", "Wan26Request", "createClient", "isBody", "model", "validateRequest"]);
  });
});

describe("the runtime's contract", () => {
  test("covers every entry point of the runtime's exports map, @linkmodel-sdk/runtime/testing included (it was left out)", () => {
    const root = toolRoot();
    const packageJson = readFileSync(join(root, "generated/runtime/package.json"), "utf8");
    const entries = entrySources(packageJson);
    const subpaths = Object.keys((JSON.parse(packageJson) as { exports: Record<string, unknown> }).exports).filter((key) => key !== "./package.json");
    expect(entries).toHaveLength(subpaths.length);
    expect(entries).toContain("testing.ts");
    const api = runtimeContract(readSources(root, RUNTIME_SOURCES_DIR), entries).api;
    expect(api).toContain("testing: MockScenario");
    expect(api).toContain("index: createModelClient");
    for (const entry of entries) expect(api.some((name) => name.startsWith(`${entry.replace(/\.ts$/, "")}: `)), entry).toBe(true);
  });
});
