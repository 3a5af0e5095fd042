/**
 * Docs views: what the README templates need beyond the IR, built from it.
 *
 * Takes a `ModelIR` (or the `CatalogueIR`); returns plain data for `templates/model/README.md.hbs`
 * and `templates/catalogue/README.md.hbs`: an example request body derived from the schema,
 * TypeScript and curl snippets, parameter-table cells (already escaped for a GFM table cell,
 * named `…Md`), the result fields, the polling schedule as rows. Pure: no I/O, deterministic.
 * Must never put raw spec HTML into Markdown: every spec string goes through `escape.ts`.
 */
import { isJsonObject, type CatalogueIR, type FieldIR, type Json, type JsonObject, type ModelIR } from "./ir.js";
import { exampleRequestBody } from "./examples.js";
import { markdownBlock, markdownCell, markdownCellCode, markdownCode, stringLiteral, tsLiteral } from "./escape.js";
import { bodyFlagNames } from "../runtime/cli/names.js";
import { RESULT_RULES, RESULT_WORDS, type ResultRule } from "../runtime/src/results.js";



/** One row of the parameters table; every `…Md` value is ready for a GFM table cell. */
export interface ParameterRow {
  /** The key exactly as the spec writes it. */
  readonly name: string;
  readonly nameMd: string;
  readonly typeMd: string;
  readonly required: boolean;
  /** The default as JSON in code font, or `""` when the spec gives none. */
  readonly defaultMd: string;
  /** Allowed values (enum) and bounds (range, length, items, format), or `""`. */
  readonly allowedMd: string;
  readonly descriptionMd: string;
}

/** One row of the polling-schedule table. */
export interface ScheduleRow {
  readonly from: string;
  readonly to: string;
  readonly interval: string;
}

/** One field of the query answer's `data`, for the result section. */
export interface ResultField {
  readonly nameMd: string;
  readonly typeMd: string;
  readonly descriptionMd: string;
}

/** What the model README template needs beyond the IR. */
export interface ModelDocsView {
  /** The model's description as safe Markdown, or null. */
  readonly descriptionMd: string | null;
  /** `0.0610 USD / second`-style price text, or null. */
  readonly priceText: string | null;
  /** The pricing page, only when it is a plain http(s) URL safe in a Markdown link. */
  readonly pricingUrl: string | null;
  /** The example request body (required fields, valid example values), without `model`. */
  readonly exampleBody: { readonly [key: string]: Json };
  /** `exampleBody` as a TypeScript object literal, indented for a call argument. */
  readonly exampleBodyTs: string;
  /** The same, for a call one indentation level (two spaces) deep. */
  readonly exampleBodyTsIndented: string;
  /** `const result = await client.run({…});` and a `console.log` of its URLs: for an `@example` (through the `comment` helper). */
  readonly runExampleTs: string;
  /** The full create body (with `model`) as one line of JSON, shell-quoted for `curl -d`. */
  readonly curlBody: string;
  /** Shell-quoted create and query URLs. */
  readonly curlCreateUrl: string;
  readonly curlQueryUrl: string;
  /** `POST /video-generation` and `GET /query/…` in code font, for a table cell and for prose. */
  readonly createEndpointCell: string;
  readonly queryEndpointCell: string;
  readonly createEndpointCode: string;
  readonly queryEndpointCode: string;
  /** `specs/<file>` of the create and query specs, in code font. */
  readonly specFileCode: string;
  readonly querySpecFileCode: string;
  /** The model id as a TypeScript string literal. */
  readonly modelIdTs: string;
  /** The package name as a TypeScript string literal. */
  readonly packageTs: string;
  readonly parameters: ParameterRow[];
  /** Whether some field name has a dot (`extends.audio`): the README then explains flat keys. */
  readonly hasDottedNames: boolean;
  /** An example dotted name, in code font, or null. */
  readonly dottedExampleMd: string | null;
  /** What a finished task of this group holds beside `urls` (runtime/src/results.ts), or null for a group without a result rule. */
  readonly result: ResultDocs | null;
  /** The fields of `data` in the query answer, from the group's query spec. */
  readonly resultFields: ResultField[];
  readonly schedule: ScheduleRow[];
  /** The deadline as text (`15 min`). */
  readonly deadline: string;
  /** A fence longer than any backtick run in the code blocks (at least three backticks). */
  readonly fence: string;
}

/** What the catalogue README template needs beyond the IR. */
export interface CatalogueDocsView {
  readonly models: {
    readonly id: string;
    readonly idMd: string;
    readonly group: string;
    readonly slug: string;
    readonly packageName: string;
    readonly providerMd: string;
    readonly tasksMd: string;
    readonly priceMd: string;
    /** The identifier of the model's namespace import in the catalogue sources. */
    readonly camel: string;
    /** The spec file, relative to `specs/`. */
    readonly specFile: string;
    /** The model's command-line flag table (`cliFlags`) as a TypeScript array literal, for the CLI package's `src/bin.ts`. */
    readonly cliFlagsTs: string;
  }[];
  /** One example per group (whose name is an identifier): its first model's example body with `model` set. */
  readonly examples: {
    readonly group: string;
    /** The catalogue's request type of the group, e.g. `VideoRequest`. */
    readonly requestType: string;
    readonly modelId: string;
    readonly modelIdTs: string;
    readonly bodyTs: string;
    readonly urlsField: string;
    /** The same request as a `linkmodel-sdk` command line (shell-quoted), for the CLI section. */
    readonly cliCommand: string;
  }[];
  /** A model id for the `models` example, as a TypeScript string literal (null when empty). */
  readonly firstModelIdTs: string | null;
  /** The result fields of `data`, in code font (`file_url`, `output_images`), and the image result's property (runtime/src/results.ts). */
  readonly resultDataFieldsMd: string;
  readonly imageResultPropertyMd: string;
  readonly fence: string;
}

/** A group's result property, its type and its field of `data`, in the words of runtime/src/results.ts. */
export interface ResultDocs {
  readonly property: string;
  readonly type: string;
  readonly dataField: string;
  /** What `urls` holds, after "Every result URL: ". */
  readonly urlsWhat: string;
  /** What the property holds, capitalised: "The video". */
  readonly what: string;
  /** Said after the field's name, or "". */
  readonly note: string;
}

/** The result rule of a group (runtime/src/results.ts), if it has one. */
const resultRuleOf = (group: string): ResultRule | undefined => (Object.hasOwn(RESULT_RULES, group) ? RESULT_RULES[group as keyof typeof RESULT_RULES] : undefined);

function resultDocs(group: string): ResultDocs | null {
  const rule = resultRuleOf(group);
  if (!rule) return null;
  const { what, note } = RESULT_WORDS[group as keyof typeof RESULT_WORDS];
  return {
    property: rule.property,
    type: rule.many ? "string[]" : "string",
    dataField: rule.dataField,
    urlsWhat: rule.many ? what : `one, ${what}`,
    what: what[0]!.toUpperCase() + what.slice(1),
    note,
  };
}

/** Builds the docs view of one model. */
export function modelDocsView(model: ModelIR): ModelDocsView {
  const exampleBody = exampleRequestBody(model);
  const fullBody = { model: model.id, ...exampleBody };
  const parameters = model.request.fields.map(parameterRow);
  const dotted = model.request.fields.find((f) => f.name.includes("."));
  const view: Omit<ModelDocsView, "fence"> = {
    descriptionMd: model.description === null ? null : markdownBlock(model.description),
    priceText: model.price ? `${formatNumber(model.price.amount)} ${model.price.currency} / ${model.price.unit}` : null,
    pricingUrl: safeUrl(model.pricingUrl),
    exampleBody,
    exampleBodyTs: tsLiteral(exampleBody, "", 80),
    exampleBodyTsIndented: tsLiteral(exampleBody, "  ", 80),
    runExampleTs: `const result = await client.run(${tsLiteral(exampleBody, "", 80)});\nconsole.log(result.urls);`,
    curlBody: shellQuote(JSON.stringify(fullBody)),
    curlCreateUrl: shellQuote(`${model.baseUrl}${model.createPath}`),
    curlQueryUrl: shellQuote(`${model.baseUrl}${model.queryPath}`),
    createEndpointCell: markdownCellCode(`POST ${model.createPath}`),
    queryEndpointCell: markdownCellCode(`GET ${model.queryPath}`),
    createEndpointCode: markdownCode(`POST ${model.createPath}`),
    queryEndpointCode: markdownCode(`GET ${model.queryPath}`),
    specFileCode: markdownCode(`specs/${model.specFile}`),
    querySpecFileCode: markdownCode(`specs/${model.querySpecFile}`),
    modelIdTs: stringLiteral(model.id),
    packageTs: stringLiteral(model.packageName),
    parameters,
    hasDottedNames: dotted !== undefined,
    dottedExampleMd: dotted ? markdownCellCode(dotted.name) : null,
    result: resultDocs(model.group),
    resultFields: resultFields(model.queryResponseSchema),
    schedule: scheduleRows(model.schedule),
    deadline: formatDuration(model.schedule.deadlineMs),
  };
  return { ...view, fence: fenceFor([view.exampleBodyTs, view.curlBody, view.curlCreateUrl, view.curlQueryUrl]) };
}

/** Builds the docs view of the catalogue. */
export function catalogueDocsView(catalogue: CatalogueIR): CatalogueDocsView {
  const models = catalogue.models.map((m) => ({
    id: m.id,
    idMd: markdownCell(m.id),
    group: m.group,
    slug: m.slug,
    packageName: m.packageName,
    providerMd: markdownCell(m.provider ?? ""),
    tasksMd: markdownCell(m.tasks.join(", ")),
    priceMd: m.price ? markdownCell(`${formatNumber(m.price.amount)} ${m.price.currency} / ${m.price.unit}`) : "",
    camel: m.camel,
    specFile: m.specFile,
    cliFlagsTs: tsLiteral(cliFlags(m), "    ", 100),
  }));
  const examples = catalogue.groups
    .map((group) => catalogue.models.find((m) => m.group === group.name))
    // The example names a variable after the group: only groups that are identifiers (all today).
    .filter((m): m is ModelIR => m !== undefined && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(m.group))
    .map((m) => ({
      group: m.group,
      requestType: `${catalogue.groups.find((g) => g.name === m.group)!.pascal}Request`,
      modelId: m.id,
      modelIdTs: stringLiteral(m.id),
      bodyTs: tsLiteral({ model: m.id, ...exampleRequestBody(m) }, "", 80),
      urlsField: resultRuleOf(m.group)?.property ?? "urls",
      cliCommand: cliCommand(m, exampleRequestBody(m)),
    }));
  const first = catalogue.models[0];
  return {
    models,
    examples,
    firstModelIdTs: first ? stringLiteral(first.id) : null,
    resultDataFieldsMd: Object.values(RESULT_RULES).map((rule) => markdownCode(rule.dataField)).join(", "),
    imageResultPropertyMd: markdownCode(RESULT_RULES.image.property),
    fence: fenceFor(examples.flatMap((e) => [e.bodyTs, e.cliCommand])),
  };
}

/**
 * `linkmodel-sdk <model> --field value …` for a body of `model`: each field by its flag (the
 * command line's `bodyFlagNames`), arrays as repeated flags, objects as JSON, every word shell-quoted.
 */
export function cliCommand(model: ModelIR, body: { readonly [key: string]: Json }): string {
  const fields = cliFlags(model).map((f) => f.name);
  const flags = new Map(bodyFlagNames(fields).map((flag, i) => [fields[i]!, flag]));
  const words = ["linkmodel-sdk", model.id];
  for (const [key, value] of Object.entries(body)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      words.push(`--${flags.get(key) ?? key}`, typeof item === "string" ? item : JSON.stringify(item));
    }
  }
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : shellQuote(w))).join(" ");
}

/** One parameters-table row of a field. */
export function parameterRow(field: FieldIR): ParameterRow {
  return {
    name: field.name,
    nameMd: markdownCellCode(field.name),
    typeMd: markdownCellCode(field.type),
    required: field.required,
    defaultMd: field.hasDefault ? markdownCellCode(jsonText(field.default)) : "",
    allowedMd: allowedText(field),
    descriptionMd: markdownCell(field.description ?? ""),
  };
}

/**
 * A value as JSON on one line, for inline code: U+2028 and U+2029, which JSON leaves raw but
 * Markdown would show as a space, are written as escapes, so the text reads back as the value.
 */
function jsonText(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** Allowed values and bounds of a field, as table-cell Markdown. */
export function allowedText(field: FieldIR): string {
  const values = field.enum ? [field.enum.map((v) => markdownCellCode(jsonText(v))).join(", ")] : [];
  return [...values, ...boundsParts(field, markdownCellCode)].join("; ");
}

/**
 * The bounds of a field (range, length, items, format), each as a phrase; `code` sets names in
 * code font. `itemValues: false` leaves out the items' enum, for a flag entry that lists it already.
 */
function boundsParts(field: FieldIR, code: (text: string) => string, itemValues = true): string[] {
  const schema = isJsonObject(field.schema) ? field.schema : {};
  const parts = rangeAndLength(field, schema);
  if (field.minItems !== null || field.maxItems !== null) parts.push(`${bounds(field.minItems, field.maxItems)} items`);
  if (field.format) parts.push(`format ${code(field.format)}`);
  // What each item allows (`images` of format url): a reader needs it as much as the count.
  const items = field.schemaType === "array" && isJsonObject(schema["items"]) ? schema["items"] : null;
  if (items) {
    const number = (key: string): number | null => (typeof items[key] === "number" && Number.isFinite(items[key]) ? items[key] : null);
    const each = rangeAndLength({ minimum: number("minimum"), maximum: number("maximum"), minLength: number("minLength"), maxLength: number("maxLength") }, items);
    if (itemValues && Array.isArray(items["enum"])) each.unshift(items["enum"].map((v) => code(jsonText(v))).join(", "));
    if (typeof items["format"] === "string") each.push(`format ${code(items["format"])}`);
    if (each.length > 0) parts.push(`items: ${each.join(", ")}`);
  }
  return parts;
}

/** Range and length of a field or of its items, each as a phrase; `schema` says whether a bound is exclusive. */
function rangeAndLength(b: Pick<FieldIR, "minimum" | "maximum" | "minLength" | "maxLength">, schema: JsonObject): string[] {
  const parts: string[] = [];
  const lower = b.minimum === null ? null : `${schema["exclusiveMinimum"] === true ? ">" : "≥"} ${formatNumber(b.minimum)}`;
  const upper = b.maximum === null ? null : `${schema["exclusiveMaximum"] === true ? "<" : "≤"} ${formatNumber(b.maximum)}`;
  if (lower && upper) parts.push(`${lower} and ${upper}`);
  else if (lower ?? upper) parts.push((lower ?? upper)!);
  if (b.minLength !== null || b.maxLength !== null) parts.push(`length ${bounds(b.minLength, b.maxLength)}`);
  return parts;
}

/**
 * One entry of a model's command-line flag table: a body field with the facts its README row
 * shows, as plain data (the command line's `CliFlag`, declared in `runtime/cli/types.ts`). Keys with no
 * value are left out, so that the generated table reads like one written by hand.
 */
export interface CliFlagEntry {
  /** The key exactly as the spec writes it (`extends.audio` stays dotted). */
  readonly name: string;
  /** How a flag value is read: the spec type, or its items' type for an array; `json` for anything else. */
  readonly type: "string" | "integer" | "number" | "boolean" | "json";
  /** An array field: one value per repeated flag. */
  readonly array: boolean;
  readonly required: boolean;
  /** Allowed values (of the items, for an array). */
  readonly enum?: Json[];
  readonly default?: Json;
  /** Bounds and format in words, e.g. `≥ 3 and ≤ 15`, `length 1–2000`, `format url`. */
  readonly bounds?: string;
  /** The spec's description on one line. */
  readonly description?: string;
}

/**
 * The command-line flag table of a model: every body field but `model`, which the command names.
 * Each field's flag is decided by the command line's one rule (`bodyFlagNames`, shared with the
 * runtime): its name, or `body.<name>` when an option or another field's flag has it.
 */
export function cliFlags(model: ModelIR): CliFlagEntry[] {
  return model.request.fields.filter((f) => f.name !== "model").map(cliFlag);
}

/** The flag-table entry of one field. */
export function cliFlag(field: FieldIR): CliFlagEntry {
  const schema = isJsonObject(field.schema) ? field.schema : {};
  const array = field.schemaType === "array";
  const items = array && isJsonObject(schema["items"]) ? schema["items"] : {};
  const valueType = array ? items["type"] : field.schemaType;
  const values = array ? (Array.isArray(items["enum"]) ? items["enum"] : null) : field.enum;
  const bounds = boundsParts(field, (text) => text, false).join("; ");
  const description = (field.description ?? "").replace(/\s+/g, " ").trim();
  return {
    name: field.name,
    type: valueType === "string" || valueType === "integer" || valueType === "number" || valueType === "boolean" ? valueType : "json",
    array,
    required: field.required,
    ...(values && { enum: values }),
    ...(field.hasDefault && { default: field.default }),
    ...(bounds && { bounds }),
    ...(description && { description }),
  };
}

/** `1–10`, `≥ 1`, `≤ 10`, or `3` when both bounds agree. */
function bounds(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return min === max ? String(min) : `${min}–${max}`;
  return min !== null ? `≥ ${min}` : `≤ ${max}`;
}

/** The fields of `data` in a query answer schema. */
function resultFields(schema: Json): ResultField[] {
  const data = isJsonObject(schema) && isJsonObject(schema["properties"]) ? schema["properties"]["data"] : null;
  const properties = isJsonObject(data) && isJsonObject(data["properties"]) ? data["properties"] : {};
  return Object.keys(properties).map((name) => {
    const field = properties[name];
    const s = isJsonObject(field) ? field : {};
    const type = s["type"] === "array" && isJsonObject(s["items"]) && typeof s["items"]["type"] === "string" ? `${s["items"]["type"]}[]` : typeof s["type"] === "string" ? s["type"] : "unknown";
    return { nameMd: markdownCellCode(name), typeMd: markdownCellCode(type), descriptionMd: markdownCell(typeof s["description"] === "string" ? s["description"] : "") };
  });
}

/** The phases of a polling schedule as table rows. */
export function scheduleRows(schedule: ModelIR["schedule"]): ScheduleRow[] {
  return schedule.phases.map((phase, i) => ({
    from: formatDuration(phase.fromMs),
    to: formatDuration(schedule.phases[i + 1]?.fromMs ?? schedule.deadlineMs),
    interval: phase.intervalMs === null ? "no requests" : `every ${formatDuration(phase.intervalMs)}`,
  }));
}

/** Milliseconds for people: `0 s`, `30 s`, `2 min`, `1.5 s`, `2 min 30 s`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return "0 s";
  if (ms < 1000) return `${ms} ms`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms > 60_000) return `${Math.floor(ms / 60_000)} min ${formatNumber((ms % 60_000) / 1000)} s`;
  return `${formatNumber(ms / 1000)} s`;
}

/** A number as the spec would write it (no exponent for ordinary prices). */
function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/** An http(s) URL that is safe inside `[text](url)`, or null. */
export function safeUrl(url: string | null): string | null {
  return url !== null && /^https?:\/\/[^\s()<>"'`\\|[\]]+$/.test(url) ? url : null;
}

/** A POSIX shell single-quoted word holding exactly `text`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A code fence longer than every backtick run in `texts`. */
export function fenceFor(texts: readonly string[]): string {
  const longest = Math.max(0, ...texts.flatMap((t) => (t.match(/`+/g) ?? []).map((run) => run.length)));
  return "`".repeat(Math.max(3, longest + 1));
}
