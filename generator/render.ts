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
import Handlebars from "handlebars";
import type { CatalogueIR, ModelIR } from "./ir.js";
import { commentLines, escapeHtml, isIdentifier, jsonLiteral, markdownCell, markdownCode, stringLiteral, tsLiteral } from "./escape.js";
import { emitValidatorModule } from "./validators/index.js";

/** Files in memory: output-relative path → content. */
export type FileMap = Map<string, string>;

/** One template source: `artifact/relative/output/path.hbs`, or a partial `artifact/_name.hbs`. */
export interface TemplateSource {
  readonly path: string;
  readonly source: string;
}

/** Compiled templates, by artifact (`model`, `catalogue`, `runtime`), then output path. */
export interface Templates {
  readonly artifacts: ReadonlyMap<string, ReadonlyMap<string, Handlebars.TemplateDelegate>>;
}

/** What every generated file may mention about its maker. */
export interface GeneratorInfo {
  readonly name: string;
  readonly version: string;
  /** npm version range of openapi-fetch that generated packages depend on. */
  readonly openapiFetchVersion: string;
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
  hbs.registerHelper("json", (value: unknown, options: Handlebars.HelperOptions) => jsonLiteral(value, (options.hash as { indent?: number }).indent ?? 2));
  hbs.registerHelper("inlineJson", (value: unknown) => JSON.stringify(value));
  hbs.registerHelper("ts", (value: unknown) => tsLiteral(value));
  hbs.registerHelper("comment", (value: unknown, options: Handlebars.HelperOptions) =>
    commentLines(String(value ?? ""), (options.hash as { indent?: string }).indent ?? ""),
  );
  hbs.registerHelper("cell", (value: unknown) => markdownCell(value === null || value === undefined ? "" : String(value)));
  hbs.registerHelper("code", (value: unknown) => markdownCode(typeof value === "string" ? value : JSON.stringify(value)));
  hbs.registerHelper("html", (value: unknown) => escapeHtml(String(value ?? "")));
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

/** TypeScript types of one model, from openapi-typescript's Node API (loaded on first use). */
async function renderTypes(model: ModelIR): Promise<string> {
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const ast = await openapiTS(model.typesDocument as never, { silent: true, alphabetize: false });
  return astToString(ast);
}

/** Renders one model package: `models/<slug>/…`. */
export async function renderModel(model: ModelIR, templates: Templates, generator: GeneratorInfo): Promise<FileMap> {
  const types = await renderTypes(model);
  const validators = emitValidatorModule({
    modelId: model.id,
    runtimeImport: "@linkmodel-sdk/runtime",
    typesImport: "./types.js",
    request: { schema: model.request.schema, typeName: `${model.pascal}Request` },
    createResponse: { schema: model.createResponseSchema, typeName: `${model.pascal}CreateResponse` },
    queryResponse: { schema: model.queryResponseSchema, typeName: `${model.pascal}TaskResponse` },
  });
  const packageDescription = `LinkModel ${model.id} (${model.group}) client: types, validators and the task lifecycle`;
  const view = { model, generator, types, validators, info: modelInfo(model), packageDescription };
  return run(templates, "model", view, `models/${model.slug}/`);
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

/** Renders the catalogue package (`catalogue/…`) and the top-level `README.md`. */
export function renderCatalogue(catalogue: CatalogueIR, templates: Templates, generator: GeneratorInfo): FileMap {
  const groups = catalogue.groups.map((group) => ({ ...group, models: catalogue.models.filter((m) => m.group === group.name) }));
  return run(templates, "catalogue", { catalogue: { ...catalogue, groups }, generator }, "");
}

/** Renders the runtime package: its templated files plus the hand-written sources, copied as they are. */
export function renderRuntime(sources: ReadonlyMap<string, string>, templates: Templates, generator: GeneratorInfo): FileMap {
  const files = run(templates, "runtime", { generator, sources: [...sources.keys()] }, "runtime/");
  for (const [path, content] of sources) files.set(`runtime/src/${path}`, content);
  return files;
}
