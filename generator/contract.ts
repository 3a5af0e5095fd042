/**
 * Contract: what a consumer of a generated package can rely on at a version, and how a change
 * to it is classified for semver. Pure: no I/O.
 *
 * A package's contract is the request schema as its validators enforce it, the response shapes
 * its client exposes, the names it exports (the catalogue adds the models it reaches) and the
 * commands its package.json `bin` installs; the command-line package's is its commands and their
 * flags. Two contracts compare into a list of changes, each with its level and a sentence for people:
 *
 * - major: a valid request could now fail (a property or an enum value removed, an optional
 *   property made required, a bound narrowed, a type or format changed), a response field gone
 *   or retyped, an export, a model, a bin, a command or a flag gone;
 * - minor: requests widened (a new optional property, an enum value added, a bound relaxed, a
 *   required property made optional), new response fields, new exports, models, bins, commands
 *   or flags;
 * - patch: anything else that changes the package's files (not listed here: descriptions,
 *   prices, docs, a generator fix), decided by the caller from the files themselves.
 *
 * TypeScript reads responses as types: a response enum that gains or loses a value changes the
 * type a consumer's code was checked against, so either way it is major.
 */
import { isJsonObject, type Json, type ModelIR } from "./ir.js";
import { ENFORCED_KEYWORDS } from "./validators/keywords.js";

/** A semver level. */
export type Level = "major" | "minor" | "patch";

/** One change between two contracts. */
export interface Change {
  readonly level: Level;
  /** Where: a field path (`duration`, `extends.audio`, `images[]`), an export or a model id. */
  readonly path: string;
  /** What, in words a user reads: "`duration` is now required". */
  readonly text: string;
}

/** What a model package promises. */
export interface ModelContract {
  /** The request body's schema, reduced to what the validators enforce. */
  readonly request: Json;
  /** The create answer and the task-query answer, reduced to their shapes. */
  readonly responses: { readonly create: Json; readonly query: Json };
  /** Exported names, sorted. */
  readonly api: readonly string[];
}

/**
 * The commands a package installs (its package.json `bin`, by name): a script that runs one
 * breaks when it is gone. Absent from contracts recorded before bins were part of them.
 */
interface Bins {
  readonly bins?: readonly string[];
}

/** What the catalogue promises beyond its models' contracts. */
export interface CatalogueContract extends Bins {
  readonly models: readonly string[];
  readonly api: readonly string[];
}

/** What the runtime promises: its public API, by name. */
export interface RuntimeContract extends Bins {
  readonly api: readonly string[];
}

/** What the command-line package promises: its bins, its commands, its own options and each model command's body flags. */
export interface CliContract extends Bins {
  readonly commands: readonly string[];
  readonly options: readonly string[];
  /** Model id → the flags of its request body (without `--`). */
  readonly flags: Readonly<Record<string, readonly string[]>>;
}

/**
 * Schema keywords a validator enforces or a type exposes: the emitter's table. The rest
 * (descriptions, examples, defaults) are documentation.
 */
const CONTRACT_KEYWORDS = ENFORCED_KEYWORDS;



/** A schema reduced to its contract keywords, recursively, with keys sorted (so equal contracts are equal JSON). */
export function contractSchema(schema: Json): Json {
  if (!isJsonObject(schema)) return schema;
  const out: Record<string, Json> = {};
  for (const key of Object.keys(schema).sort()) {
    if (!CONTRACT_KEYWORDS.has(key)) continue;
    const value = schema[key]!;
    if (key === "properties" && isJsonObject(value)) {
      const properties: Record<string, Json> = {};
      for (const name of Object.keys(value).sort()) properties[name] = contractSchema(value[name]!);
      out[key] = properties;
    } else if ((key === "items" || key === "additionalProperties" || key === "not") && isJsonObject(value)) out[key] = contractSchema(value);
    else if ((key === "oneOf" || key === "anyOf" || key === "allOf") && Array.isArray(value)) out[key] = value.map(contractSchema);
    else if (key === "required" && Array.isArray(value)) out[key] = [...value].sort();
    else out[key] = value;
  }
  return out;
}

const json = (value: Json | undefined): string => JSON.stringify(value);
const code = (path: string): string => `\`${path}\``;
const listOf = (values: readonly Json[]): string => values.map((v) => code(typeof v === "string" ? v : json(v))).join(", ");
const child = (path: string, name: string): string => (path === "" ? name : `${path}.${name}`);

/** Keywords `compareRequest` compares one by one, each in words of its own; the others fall back to "has a new". */
const COMPARED_ONE_BY_ONE: ReadonlySet<string> = new Set([
  "type", "format", "pattern", "nullable", "enum", "const", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems",
  "minProperties", "maxProperties", "exclusiveMinimum", "exclusiveMaximum", "uniqueItems", "multipleOf", "properties", "required",
  "additionalProperties", "items",
]);

/** Lower bounds: raising one narrows what is accepted. Upper bounds: lowering one narrows. */
const LOWER_BOUNDS = ["minimum", "minLength", "minItems", "minProperties"] as const;
const UPPER_BOUNDS = ["maximum", "maxLength", "maxItems", "maxProperties"] as const;
/** How a bound reads: "at most 800 characters long", "at least 1 item". */
function boundText(key: string, value: number): string {
  const side = key.startsWith("min") ? "at least" : "at most";
  const plural = (word: string): string => `${value} ${word}${value === 1 ? "" : "s"}`;
  if (key === "minLength" || key === "maxLength") return `${side} ${plural("character")} long`;
  if (key === "minItems" || key === "maxItems") return `${side} ${plural("item")}`;
  if (key === "minProperties" || key === "maxProperties") return `${side} ${plural("property").replace(/propertys$/, "properties")}`;
  return `${side} ${value}`;
}

/** "a string", "an integer". */
function article(type: Json | undefined): string {
  const name = String(type);
  return `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`;
}

/**
 * Changes between two request schemas, from the point of view of a caller whose request was
 * valid under `before`. `path` names the value being compared (empty for the body itself).
 */
export function compareRequest(before: Json, after: Json, path = ""): Change[] {
  const changes: Change[] = [];
  const where = path === "" ? "the request body" : code(path);
  const add = (level: Level, text: string, at = path): void => void changes.push({ level, path: at, text });
  if (!isJsonObject(before) || !isJsonObject(after)) {
    if (json(before) !== json(after)) add("major", `${where} has a new schema`);
    return changes;
  }
  if (json(before["type"]) !== json(after["type"])) {
    add("major", `${where} is now ${after["type"] === undefined ? "of any type" : article(after["type"])}${before["type"] === undefined ? "" : `, was ${article(before["type"])}`}`);
  }
  if (json(before["format"]) !== json(after["format"])) {
    if (after["format"] === undefined) add("minor", `${where} no longer needs the format ${code(String(before["format"]))}`);
    else add("major", `${where} must now have the format ${code(String(after["format"]))}`);
  }
  if (json(before["pattern"]) !== json(after["pattern"])) {
    if (after["pattern"] === undefined) add("minor", `${where} no longer needs to match a pattern`);
    else add("major", `${where} must now match ${code(String(after["pattern"]))}`);
  }
  if (before["nullable"] === true && after["nullable"] !== true) add("major", `${where} can no longer be null`);
  if (before["nullable"] !== true && after["nullable"] === true) add("minor", `${where} can now be null`);
  // Enums.
  const oldEnum = Array.isArray(before["enum"]) ? before["enum"] : null;
  const newEnum = Array.isArray(after["enum"]) ? after["enum"] : null;
  if (oldEnum && newEnum) {
    const removed = oldEnum.filter((v) => !newEnum.some((w) => json(w) === json(v)));
    const added = newEnum.filter((v) => !oldEnum.some((w) => json(w) === json(v)));
    if (removed.length > 0) add("major", `${where} no longer accepts ${listOf(removed)}`);
    if (added.length > 0) add("minor", `${where} now also accepts ${listOf(added)}`);
  } else if (newEnum) add("major", `${where} now accepts only ${listOf(newEnum)}`);
  else if (oldEnum) add("minor", `${where} is no longer limited to ${listOf(oldEnum)}`);
  // Bounds.
  for (const key of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) {
    const was = before[key];
    const now = after[key];
    if (json(was) === json(now)) continue;
    const lower = (LOWER_BOUNDS as readonly string[]).includes(key);
    if (typeof now !== "number") add("minor", `${where} no longer has to be ${boundText(key, was as number)}`);
    else if (typeof was !== "number" || (lower ? now > was : now < was)) add("major", `${where} must now be ${boundText(key, now)}${typeof was === "number" ? `, was ${was}` : ""}`);
    else add("minor", `${where} may now be ${boundText(key, now)}, was ${was}`);
  }
  for (const key of ["exclusiveMinimum", "exclusiveMaximum"] as const) {
    if (before[key] !== true && after[key] === true) add("major", `${where} must now be strictly ${key === "exclusiveMinimum" ? "above" : "below"} its bound`);
    if (before[key] === true && after[key] !== true) add("minor", `${where} may now equal its ${key === "exclusiveMinimum" ? "lower" : "upper"} bound`);
    // A number (JSON Schema 2019+, which the validators accept too) is a bound of its own.
    const was = typeof before[key] === "number" ? before[key] : null;
    const now = typeof after[key] === "number" ? after[key] : null;
    if (was === now) continue;
    const side = key === "exclusiveMinimum" ? "above" : "below";
    if (now === null) add("minor", `${where} no longer has to be ${side} ${String(was)}`);
    else if (was === null || (key === "exclusiveMinimum" ? now > was : now < was)) add("major", `${where} must now be ${side} ${now}${was === null ? "" : `, was ${was}`}`);
    else add("minor", `${where} may now be ${side} ${now}, was ${was}`);
  }
  if (before["uniqueItems"] !== true && after["uniqueItems"] === true) add("major", `${where} must now hold no duplicates`);
  if (before["uniqueItems"] === true && after["uniqueItems"] !== true) add("minor", `${where} may now hold duplicates`);
  if (json(before["const"]) !== json(after["const"])) {
    if (!("const" in after)) add("minor", `${where} no longer has to be ${code(json(before["const"]))}`);
    else add("major", `${where} must now be ${code(json(after["const"]))}`);
  }
  if (json(before["multipleOf"]) !== json(after["multipleOf"])) {
    add(after["multipleOf"] === undefined ? "minor" : "major", after["multipleOf"] === undefined ? `${where} no longer needs to be a multiple of ${String(before["multipleOf"])}` : `${where} must now be a multiple of ${String(after["multipleOf"])}`);
  }
  // Combinators, and any keyword of the table not compared above: a change is major, as a
  // caller cannot tell whether it narrowed.
  for (const key of CONTRACT_KEYWORDS) {
    if (!COMPARED_ONE_BY_ONE.has(key) && json(before[key]) !== json(after[key])) add("major", `${where} has a new ${code(key)}`);
  }
  // Objects.
  const oldProps = isJsonObject(before["properties"]) ? before["properties"] : {};
  const newProps = isJsonObject(after["properties"]) ? after["properties"] : {};
  const oldRequired = new Set(Array.isArray(before["required"]) ? (before["required"] as string[]) : []);
  const newRequired = new Set(Array.isArray(after["required"]) ? (after["required"] as string[]) : []);
  for (const name of Object.keys(oldProps)) {
    const at = child(path, name);
    if (!(name in newProps)) add("major", `${code(at)} was removed`, at);
    else changes.push(...compareRequest(oldProps[name]!, newProps[name]!, at));
  }
  for (const name of Object.keys(newProps)) {
    if (name in oldProps) continue;
    const at = child(path, name);
    add(newRequired.has(name) ? "major" : "minor", newRequired.has(name) ? `${code(at)} is new and required` : `${code(at)} is new (optional)`, at);
  }
  for (const name of newRequired) {
    if (!oldRequired.has(name) && name in oldProps) add("major", `${code(child(path, name))} is now required`, child(path, name));
  }
  for (const name of oldRequired) {
    if (!newRequired.has(name) && name in newProps) add("minor", `${code(child(path, name))} is now optional`, child(path, name));
  }
  const oldExtra = before["additionalProperties"];
  const newExtra = after["additionalProperties"];
  if (oldExtra !== false && newExtra === false) add("major", `${where} no longer accepts properties it does not list`);
  if (oldExtra === false && newExtra !== false) add("minor", `${where} now accepts properties it does not list`);
  if (isJsonObject(oldExtra) && isJsonObject(newExtra)) changes.push(...compareRequest(oldExtra, newExtra, `${path}{*}`));
  // Arrays.
  if (isJsonObject(before["items"]) && isJsonObject(after["items"])) changes.push(...compareRequest(before["items"], after["items"], `${path}[]`));
  else if (json(before["items"]) !== json(after["items"])) add("major", `${where} has new items`);
  return changes;
}

/**
 * Changes between two response schemas, from the point of view of code that reads the
 * response: a field gone or retyped is major, a new field minor.
 */
export function compareResponse(before: Json, after: Json, path = ""): Change[] {
  const changes: Change[] = [];
  const where = path === "" ? "the response" : `the response's ${code(path)}`;
  const add = (level: Level, text: string, at = path): void => void changes.push({ level, path: at, text });
  if (!isJsonObject(before) || !isJsonObject(after)) {
    if (json(before) !== json(after)) add("major", `${where} has a new shape`);
    return changes;
  }
  if (json(before["type"]) !== json(after["type"])) add("major", `${where} is now ${after["type"] === undefined ? "of any type" : article(after["type"])}${before["type"] === undefined ? "" : `, was ${article(before["type"])}`}`);
  if (json(before["enum"]) !== json(after["enum"])) add("major", `${where} now takes ${Array.isArray(after["enum"]) ? listOf(after["enum"]) : "any value"}`);
  if (json(before["nullable"]) !== json(after["nullable"])) add("major", `${where} ${after["nullable"] === true ? "can now be null" : "is no longer null"}`);
  if (json(before["format"]) !== json(after["format"])) add("patch", `${where} is documented with ${after["format"] === undefined ? "no format" : `the format ${code(String(after["format"]))}`}`);
  const oldProps = isJsonObject(before["properties"]) ? before["properties"] : {};
  const newProps = isJsonObject(after["properties"]) ? after["properties"] : {};
  for (const name of Object.keys(oldProps)) {
    const at = child(path, name);
    if (!(name in newProps)) add("major", `the response's ${code(at)} was removed`, at);
    else changes.push(...compareResponse(oldProps[name]!, newProps[name]!, at));
  }
  for (const name of Object.keys(newProps)) {
    if (!(name in oldProps)) add("minor", `the response has a new field ${code(child(path, name))}`, child(path, name));
  }
  if (isJsonObject(before["items"]) && isJsonObject(after["items"])) changes.push(...compareResponse(before["items"], after["items"], `${path}[]`));
  else if (json(before["items"]) !== json(after["items"])) add("major", `${where} has new items`);
  return changes;
}

/** Changes between two sets of names: one gone is major, one new is minor. */
export function compareNames(before: readonly string[], after: readonly string[], what: (name: string) => { gone: string; added: string }): Change[] {
  const changes: Change[] = [];
  for (const name of before) if (!after.includes(name)) changes.push({ level: "major", path: name, text: what(name).gone });
  for (const name of after) if (!before.includes(name)) changes.push({ level: "minor", path: name, text: what(name).added });
  return changes;
}

const exportWords = (name: string): { gone: string; added: string } => ({ gone: `${code(name)} is no longer exported`, added: `${code(name)} is a new export` });

/** Changes between the bins of two releases: a command gone is major (a script running it breaks). */
function compareBins(before: Bins, after: Bins): Change[] {
  return compareNames(before.bins ?? [], after.bins ?? [], (name) => ({ gone: `the package no longer installs the command ${code(name)} (its \`bin\`)`, added: `the package installs the command ${code(name)} (its \`bin\`)` }));
}

/** The command names of a package.json's `bin` (a string `bin` installs the package's own name), sorted. */
export function packageBins(packageJson: string | undefined): string[] {
  if (packageJson === undefined) return [];
  const { name = "", bin } = JSON.parse(packageJson) as { name?: string; bin?: string | Record<string, string> };
  if (typeof bin === "string") return [name.replace(/^@[^/]+\//, "")];
  return Object.keys(bin ?? {}).sort();
}

/** Changes between two releases of a model package's contract. */
export function compareModel(before: ModelContract, after: ModelContract): Change[] {
  return [
    ...compareRequest(before.request, after.request),
    ...compareResponse(before.responses.create, after.responses.create, "create"),
    ...compareResponse(before.responses.query, after.responses.query, "query"),
    ...compareNames(before.api, after.api, exportWords),
  ];
}

/** Changes between two releases of the catalogue's own contract (its models' changes are added by the caller). */
export function compareCatalogue(before: CatalogueContract, after: CatalogueContract): Change[] {
  return [
    ...compareNames(before.models, after.models, (id) => ({ gone: `the model ${code(id)} was removed from the catalogue`, added: `the model ${code(id)} was added to the catalogue` })),
    ...compareNames(before.api, after.api, exportWords),
    ...compareBins(before, after),
  ];
}

/** Changes between two releases of the runtime's public API. */
export function compareRuntime(before: RuntimeContract, after: RuntimeContract): Change[] {
  return [...compareNames(before.api, after.api, exportWords), ...compareBins(before, after)];
}

/** Changes between two releases of the command line: a command or a flag gone is major, a new one minor. */
export function compareCli(before: CliContract, after: CliContract): Change[] {
  const changes = [
    ...compareBins(before, after),
    ...compareNames(before.commands, after.commands, (name) => ({ gone: `the command ${code(name)} was removed`, added: `the command ${code(name)} is new` })),
    ...compareNames(before.options, after.options, (name) => ({ gone: `the option ${code(`--${name}`)} was removed`, added: `the option ${code(`--${name}`)} is new` })),
  ];
  for (const [command, flags] of Object.entries(after.flags)) {
    const was = Object.hasOwn(before.flags, command) ? before.flags[command]! : null;
    if (was === null) continue;
    changes.push(...compareNames(was, flags, (flag) => ({ gone: `${code(command)}: the flag ${code(`--${flag}`)} was removed`, added: `${code(command)}: the flag ${code(`--${flag}`)} is new` })).map((c) => ({ ...c, path: `${command} --${c.path}` })));
  }
  return changes;
}

const ORDER: Record<Level, number> = { patch: 0, minor: 1, major: 2 };

/** The largest level of some changes, or null for none. */
export function levelOf(changes: readonly { readonly level: Level }[]): Level | null {
  let level: Level | null = null;
  for (const change of changes) if (level === null || ORDER[change.level] > ORDER[level]) level = change.level;
  return level;
}

/** The larger of two levels. */
export function maxLevel(a: Level | null, b: Level | null): Level | null {
  if (a === null) return b;
  if (b === null) return a;
  return ORDER[a] >= ORDER[b] ? a : b;
}

/** `version` raised by `level` (a major resets minor and patch, a minor resets patch). */
export function bump(version: string, level: Level): string {
  const [major = 0, minor = 0, patch = 0] = version.split(".").map(Number);
  if (level === "major") return `${major + 1}.0.0`;
  if (level === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** The names a TypeScript module exports, as written in its source (`export const x`, `export { a, b as c }`, `export type T`). */
export function exportedNames(source: string): string[] {
  const names = new Set<string>();
  for (const match of source.matchAll(/^export\s+(?:declare\s+)?(?:async\s+)?(?:const|let|var|function\*?|class|interface|type|enum|abstract\s+class)\s+([A-Za-z_$][\w$]*)/gm)) names.add(match[1]!);
  for (const match of source.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}/gm)) {
    for (const part of match[1]!.split(",")) {
      const name = part.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop()?.trim();
      if (name) names.add(name);
    }
  }
  return [...names].sort();
}

/**
 * What a model package promises: its request, its responses, and the names its rendered
 * `src/index.ts` exports (none given: exports are left out of the comparison).
 */
export function contractOfModel(model: ModelIR, indexSource = ""): ModelContract {
  return {
    request: contractSchema(model.request.schema),
    responses: { create: contractSchema(model.createResponseSchema), query: contractSchema(model.queryResponseSchema) },
    api: exportedNames(indexSource),
  };
}

/**
 * The source files of a package's entry points, from the exports map of its package.json (the
 * `linkmodel-source` condition, `./src/node.ts` → `node.ts`): every subpath a user can import.
 */
export function entrySources(packageJson: string): string[] {
  const { exports } = JSON.parse(packageJson) as { exports?: Record<string, unknown> };
  return Object.values(exports ?? {}).flatMap((target) => {
    const source = typeof target === "object" && target !== null ? (target as Record<string, unknown>)["linkmodel-source"] : undefined;
    return typeof source === "string" && source.startsWith("./src/") ? [source.slice("./src/".length)] : [];
  });
}

/**
 * The runtime's contract, from its sources by path and its entry points ({@link entrySources}):
 * the names each entry point exports (`export *` of a sibling module followed).
 */
export function runtimeContract(sources: ReadonlyMap<string, string>, entries: readonly string[]): RuntimeContract {
  const namesOf = (file: string, seen: Set<string>): string[] => {
    const source = sources.get(file);
    if (source === undefined || seen.has(file)) return [];
    seen.add(file);
    const names = exportedNames(source);
    for (const match of source.matchAll(/^export \* from "\.\/([\w-]+)\.js";/gm)) names.push(...namesOf(`${match[1]}.ts`, seen));
    return names;
  };
  return { api: entries.flatMap((entry) => namesOf(entry, new Set()).map((name) => `${entry.replace(/\.ts$/, "")}: ${name}`)).sort() };
}

/** The catalogue's contract with each model's, as the record keeps it. */
export type CatalogueWithModels = CatalogueContract & { readonly modelContracts: Record<string, ModelContract> };

/** The catalogue's changes: its own (models, exports), and each model's, named by model. */
export function compareCatalogueWithModels(released: Json, current: CatalogueWithModels): Change[] {
  const before = released as unknown as CatalogueContract & { readonly modelContracts?: Record<string, ModelContract> };
  const changes = compareCatalogue(before, current);
  for (const id of current.models) {
    const was = before.modelContracts?.[id];
    const now = current.modelContracts[id];
    if (!was || !now) continue;
    for (const change of compareModel(was, now)) changes.push({ ...change, path: `${id}: ${change.path}`, text: `${id}: ${change.text}` });
  }
  return changes;
}
