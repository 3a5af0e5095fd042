/**
 * Render: IR → files in memory.
 *
 * Takes model and catalogue IRs and the compiled templates; returns `path → content` maps
 * (paths relative to the output folder, `/`-separated). Templates hold layout only; recursive
 * code (types, validators) comes from openapi-typescript and the validator emitter, placed by
 * a template. An isolated Handlebars instance in strict mode with HTML escaping off: every
 * spec-derived value passes through a helper named after its destination. Reads no files
 * itself (templates and runtime sources are handed in); openapi-typescript is loaded lazily,
 * so a run with nothing to render never pays for TypeScript.
 */
import { createRequire } from "node:module";
import Handlebars from "handlebars";
import type { CatalogueIR, Json, ModelIR } from "./ir.js";
import { commentLines, inertProse, isIdentifier, markdownCell, markdownCode, stringLiteral, tsLiteral } from "./escape.js";
import { codeCacheDir, flushCodeCache, withCodeCache } from "./code-cache.js";
import { reindentPrinted } from "./format.js";
import { emitValidatorModule, type Schema } from "./validators/index.js";
import { catalogueDocsView, modelDocsView } from "./docs.js";
import type { FileMap } from "./files.js";
import type { GeneratorInfo, TemplateSource } from "./tool.js";
import { EXIT_CODES } from "../runtime/cli/exit-codes.js";

/** Compiled templates, by artifact (`model`, `catalogue`, `runtime`), then output path. */
export interface Templates {
  readonly artifacts: ReadonlyMap<string, ReadonlyMap<string, Handlebars.TemplateDelegate>>;
}

/** Compiles template sources with an isolated, strict Handlebars instance. */
export function compileTemplates(sources: readonly TemplateSource[]): Templates {
  const hbs = Handlebars.create();
  registerHelpers(hbs);
  const artifacts = new Map<string, Map<string, Handlebars.TemplateDelegate>>();
  for (const { path, source } of sources) {
    const [artifact, ...rest] = path.split("/");
    const inner = rest.join("/");
    if (inner.startsWith("_")) {
      hbs.registerPartial(`${artifact}/${inner.replace(/\.hbs$/, "")}`, source);
      continue;
    }
    const compiled = hbs.compile(source, { strict: true, noEscape: true, preventIndent: true });
    if (!artifacts.has(artifact!)) artifacts.set(artifact!, new Map());
    artifacts.get(artifact!)!.set(inner.replace(/\.hbs$/, ""), compiled);
  }
  return { artifacts };
}

/** Escaping helpers, one per destination. */
function registerHelpers(hbs: typeof Handlebars): void {
  hbs.registerHelper("str", (value: unknown) => stringLiteral(String(value)));
  hbs.registerHelper("ts", (value: unknown) => tsLiteral(value));
  hbs.registerHelper("comment", (value: unknown, options: Handlebars.HelperOptions) =>
    commentLines(String(value ?? ""), (options.hash as { indent?: string }).indent ?? ""),
  );
  // Spec prose in a comment: editors render JSDoc as Markdown, so its unsafe links are made inert.
  hbs.registerHelper("prose", (value: unknown, options: Handlebars.HelperOptions) =>
    commentLines(inertProse(String(value ?? "")), (options.hash as { indent?: string }).indent ?? ""),
  );
  hbs.registerHelper("cell", (value: unknown) => markdownCell(value === null || value === undefined ? "" : String(value)));
  hbs.registerHelper("code", (value: unknown) => markdownCode(typeof value === "string" ? value : JSON.stringify(value)));
  hbs.registerHelper("ident", (value: unknown) => {
    const name = String(value);
    if (!isIdentifier(name)) throw new Error(`not a safe identifier: ${JSON.stringify(name)}`);
    return name;
  });
  hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hbs.registerHelper("join", (list: unknown, separator: unknown) => (Array.isArray(list) ? list.map(String).join(String(separator)) : ""));
}

function run(templates: Templates, artifact: string, view: object, outPrefix: string, skip: ReadonlySet<string> = new Set()): FileMap {
  const files: FileMap = new Map();
  const compiled = templates.artifacts.get(artifact);
  if (!compiled) throw new Error(`no templates for ${artifact}`);
  for (const [path, template] of compiled) {
    if (skip.has(path)) continue;
    files.set(`${outPrefix}${path}`, template(view));
  }
  return files;
}

/** The parts of openapi-typescript's Node API the generator uses. */
interface OpenapiTypescript {
  readonly transformSchema: (schema: unknown, ctx: unknown) => unknown;
  readonly astToString: (ast: never) => string;
  readonly resolveRef: (schema: unknown, ref: string, options: { silent: boolean }) => unknown;
  readonly scanDiscriminators: (schema: unknown, options: object) => unknown;
}
let openapiTypescript: OpenapiTypescript | null = null;

/**
 * Loads openapi-typescript's transform layer: the same `transformSchema` and `astToString`
 * that its `openapiTS()` entry uses, without that entry's Redocly lint-and-bundle step
 * (validate has already checked the spec, and every $ref is local). Two choices keep a cold
 * run fast, both measured in bench/generator.mjs: the CommonJS build (importing TypeScript as
 * ESM makes Node scan its 9 MB file for named exports, +0.2 s), and not loading Redocly
 * (+0.1 s, plus a bundle pass per spec). test/generator/types.test.ts proves the output is
 * byte-for-byte what `openapiTS()` produces for every spec and fixture. The version is pinned
 * exactly, and is part of the generator fingerprint.
 */
function loadOpenapiTypescript(): OpenapiTypescript {
  if (openapiTypescript) return openapiTypescript;
  openapiTypescript = withCodeCache(codeCacheDir(), requireOpenapiTypescript);
  return openapiTypescript;
}

/** Loads openapi-typescript once and stores its code cache (run at install by `generator/build.mjs`). */
export function warmCodeCache(): void {
  loadOpenapiTypescript();
  flushCodeCache(codeCacheDir());
}


function requireOpenapiTypescript(): OpenapiTypescript {
  const require = createRequire(import.meta.url);
  const utils = require("openapi-typescript/dist/lib/utils.cjs") as Pick<OpenapiTypescript, "resolveRef" | "scanDiscriminators">;
  return {
    transformSchema: require("openapi-typescript/dist/transform/index.cjs") as OpenapiTypescript["transformSchema"],
    astToString: (require("openapi-typescript/dist/lib/ts.cjs") as Pick<OpenapiTypescript, "astToString">).astToString,
    resolveRef: utils.resolveRef,
    scanDiscriminators: utils.scanDiscriminators,
  };
}

/** Keys whose text openapi-typescript writes into JSDoc. */
const COMMENT_KEYS = new Set(["description", "summary", "title"]);

/**
 * The document with every line break in comment text (CR LF, CR, U+2028, U+2029) made `\n`.
 * openapi-typescript splits JSDoc lines at `\n` only and TypeScript's printer then breaks the
 * others without the ` * ` prefix, which makes a line that starts with `*` ambiguous. Editors
 * render the comments as Markdown, so their unsafe links are made inert too.
 */
function withCommentLineBreaks(value: unknown, key = ""): unknown {
  if (typeof value === "string") return COMMENT_KEYS.has(key) ? inertProse(value.replace(/\r\n?|\u2028|\u2029/g, "\n")) : value;
  if (Array.isArray(value)) return value.map((item) => withCommentLineBreaks(item));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: withCommentLineBreaks(v, k), enumerable: true, writable: true, configurable: true });
  return out;
}

/** TypeScript types of an OpenAPI document, with openapi-typescript's default options. */
export function renderTypesOf(spec: unknown): string {
  const ot = loadOpenapiTypescript();
  const normalized = withCommentLineBreaks(spec);
  // Redocly's bundle step gives every document a `components` object; without it the types
  // would differ (`components` as `Record<string, never>`), so add the empty one it would.
  const document = typeof normalized === "object" && normalized !== null && !("components" in normalized) ? { ...normalized, components: {} } : normalized;
  // The context `openapiTS()` builds from its defaults (openapi-typescript 7.13).
  const ctx = {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: ot.scanDiscriminators(document, {}),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined,
    silent: true,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    resolve: (ref: string) => ot.resolveRef(document, ref, { silent: true }),
  };
  return ot.astToString(ot.transformSchema(document, ctx) as never);
}

/** TypeScript types of one model. */
async function renderTypes(model: ModelIR): Promise<string> {
  return reindentPrinted(renderTypesOf(model.typesDocument));
}

/**
 * Versions a package is rendered with: its own (generator/release.ts decides it; rendered as
 * OWN_VERSION until then) and the range it depends on the runtime with; and what it was made
 * from, for its provenance.
 */
export interface PackageVersions {
  readonly version: string;
  readonly runtime: string;
}

/** A model package's versions and the hashes of its specs. */
export interface ModelVersions extends PackageVersions {
  readonly specSha256: string;
  readonly querySpecSha256: string;
}

/** Renders one model package: `models/<slug>/…`. */
export async function renderModel(model: ModelIR, templates: Templates, generator: GeneratorInfo, versions: ModelVersions): Promise<FileMap> {
  const types = await renderTypes(model);
  const validators = emitValidatorModule({
    modelId: model.id,
    typesImport: "./types.js",
    request: { schema: asSchema(model.request.schema), typeName: `${model.pascal}Request` },
    createResponse: { schema: asSchema(model.createResponseSchema), typeName: `${model.pascal}CreateResponse` },
    queryResponse: { schema: asSchema(model.queryResponseSchema), typeName: `${model.pascal}TaskResponse` },
  });
  const packageDescription = `LinkModel ${model.id} (${model.group}) client: types, validators and the task lifecycle`;
  const view = { model, generator, versions, types, validators, info: modelInfo(model), packageDescription, docs: modelDocsView(model) };
  return run(templates, "model", view, `models/${model.slug}/`);
}

/** A schema of the IR as the emitter takes it (validate has made sure it is an object). */
function asSchema(value: Json): Schema {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("a schema must be an object");
  return value;
}

/** The `ModelInfo` object literal of a model (the runtime's contract). */
function modelInfo(model: ModelIR): object {
  return {
    id: model.id,
    group: model.group,
    title: model.title,
    provider: model.provider,
    tasks: model.tasks,
    price: model.price,
    baseUrl: model.baseUrl,
    createPath: model.createPath,
    queryPath: model.queryPath,
    schedule: model.schedule,
  };
}

/** Exact versions of the model packages, in a fixed order: the dependencies of the catalogue and of the testing package. */
function modelDependencies(catalogue: CatalogueIR, versions: PackageVersions & { readonly models: ReadonlyMap<string, string> }): { name: string; version: string }[] {
  return catalogue.models.map((m) => ({ name: m.packageName, version: versions.models.get(m.packageName) ?? versions.version }));
}

/** Renders the catalogue package (`catalogue/…`) and the top-level `README.md`. */
export function renderCatalogue(
  catalogue: CatalogueIR,
  templates: Templates,
  generator: GeneratorInfo,
  versions: PackageVersions & { readonly models: ReadonlyMap<string, string>; readonly specSetSha256: string },
): FileMap {
  const groups = catalogue.groups.map((group) => ({ ...group, models: catalogue.models.filter((m) => m.group === group.name) }));
  const dependencies = modelDependencies(catalogue, versions);
  const view = { catalogue: { ...catalogue, groups }, generator, versions, dependencies, docs: catalogueDocsView(catalogue), npmLinks: false };
  const files = run(templates, "catalogue", view, "");
  // The catalogue package ships the same README, but its tarball holds no model folders (nor
  // does the npm page show them): there each model links to its own package's page on npm.
  files.set("catalogue/README.md", templates.artifacts.get("catalogue")!.get("README.md")!({ ...view, npmLinks: true }));
  return files;
}

/**
 * Renders the testing package (`testing/…`): `createMock` over every model's binding, on the
 * runtime's mock engine (`@linkmodel-sdk/runtime/testing`). Its dependencies are the catalogue's.
 */
export function renderTesting(
  catalogue: CatalogueIR,
  templates: Templates,
  generator: GeneratorInfo,
  versions: PackageVersions & { readonly models: ReadonlyMap<string, string> },
): FileMap {
  const dependencies = modelDependencies(catalogue, versions);
  return run(templates, "testing", { catalogue, generator, versions, dependencies, docs: catalogueDocsView(catalogue) }, "testing/");
}

/** Hand-written sources copied as they are into `<folder>/src/`. */
function copySources(files: FileMap, folder: string, sources: ReadonlyMap<string, string>): FileMap {
  for (const [path, content] of sources) files.set(`${folder}/src/${path}`, content);
  return files;
}

/** The ending of a runtime module's browser build (`client-environment.browser.ts` for `client-environment.ts`). */
const BROWSER_BUILD = ".browser.ts";

/** Renders the runtime package: its templated files plus the hand-written sources (`runtime/src/`), copied as they are. */
export function renderRuntime(sources: ReadonlyMap<string, string>, templates: Templates, generator: GeneratorInfo, version: string): FileMap {
  // `x.browser.ts` beside `x.ts` is x's browser build: the package.json `browser` field maps one to the other.
  const browserBuilds = [...sources.keys()].filter((name) => name.endsWith(BROWSER_BUILD)).map((name) => name.slice(0, -BROWSER_BUILD.length)).sort();
  return copySources(run(templates, "runtime", { generator, version, sources: [...sources.keys()], browserBuilds }, "runtime/"), "runtime", sources);
}

/**
 * Renders the command-line package (`cli/…`): the hand-written sources (`runtime/cli/`), copied
 * as they are, and the generated `src/bin.ts` that hands them every model's binding (from the
 * catalogue) and flag table; its README's exit codes are the code's own table.
 */
export function renderCli(
  catalogue: CatalogueIR,
  sources: ReadonlyMap<string, string>,
  templates: Templates,
  generator: GeneratorInfo,
  versions: PackageVersions & { readonly catalogue: string },
): FileMap {
  const view = { catalogue, generator, versions, docs: catalogueDocsView(catalogue), exitCodes: EXIT_CODES };
  return copySources(run(templates, "cli", view, "cli/"), "cli", sources);
}
