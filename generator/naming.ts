/**
 * Naming: the one rule that turns a model id into every name the output uses.
 *
 * Takes a model id (`wan2.6`, `MiniMax-Hailuo-02`); returns its folder, npm package name and
 * TypeScript identifiers, or the reason it cannot be named. Pure: no I/O.
 */

import { CLI_COMMANDS } from "../runtime/cli/names.js";

/** npm scope of every generated package. */
export const PACKAGE_SCOPE = "@linkmodel-sdk";

/** Folder and package names the generator itself uses; a model may not take them. */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "runtime",
  "catalogue",
  "catalog",
  "testing",
  "cli",
  "models",
  "node-modules",
  "node_modules",
  "index",
  "readme",
  "dist",
  "src",
  "test",
  // Windows device names: a folder called `con` cannot be checked out there.
  "con",
  "prn",
  "aux",
  "nul",
]);

/** Every name derived from one model id. */
export interface ModelNames {
  /** The id as the API knows it. */
  readonly id: string;
  /** Folder under `generated/models/` and the package's bare name: `wan2-6`. */
  readonly slug: string;
  /** npm package name: `@linkmodel-sdk/wan2-6`. */
  readonly packageName: string;
  /** PascalCase stem for types and functions: `Wan26`, `MiniMaxHailuo02`. */
  readonly pascal: string;
  /** camelCase stem: `wan26`, `miniMaxHailuo02`. */
  readonly camel: string;
}

/** Why an id cannot be named. */
export type NamingProblem = { readonly kind: "unsafe"; readonly reason: string } | { readonly kind: "reserved"; readonly reason: string };

/** Longest id we accept: npm names are limited to 214 characters, and paths should stay short. */
const MAX_ID_LENGTH = 100;

/** Lowercase ASCII, every run of other characters becomes one `-`, no leading or trailing `-`. */
export function toSlug(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Splits an id into its alphanumeric words: `MiniMax-Hailuo-02` → `MiniMax`, `Hailuo`, `02`. */
function words(id: string): string[] {
  return id.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
}

/** PascalCase: each word's first letter upper-cased, the rest kept (so `MiniMax` stays readable). A leading digit gets the prefix `Model`. */
export function toPascal(id: string): string {
  const joined = words(id)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
  return /^[0-9]/.test(joined) ? `Model${joined}` : joined;
}

/** camelCase of {@link toPascal}. */
export function toCamel(id: string): string {
  const pascal = toPascal(id);
  const lead = /^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)/.exec(pascal)?.[0] ?? pascal[0]!;
  return lead.toLowerCase() + pascal.slice(lead.length);
}

/** All names of a model id, or the problem that prevents naming it. */
export function nameModel(id: string): ModelNames | NamingProblem {
  if (id.length === 0 || id.length > MAX_ID_LENGTH) {
    return { kind: "unsafe", reason: `a model id must have 1 to ${MAX_ID_LENGTH} characters` };
  }
  // Ids are what the API receives and what every name is made from: letters, digits, `.`, `-`
  // and `_`, nothing else. A path separator or a leading dot could otherwise aim a folder
  // outside the output; a space, a quote or a look-alike letter would only be guessed at.
  if (/[/\\]|^\./.test(id)) {
    return { kind: "unsafe", reason: "a model id may not contain a path separator or start with `.` (it would name a folder outside the output)" };
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
    return { kind: "unsafe", reason: "a model id may contain only letters, digits, `.`, `-` and `_`, starting with a letter or digit" };
  }
  const slug = toSlug(id);
  if (slug === "" || !/^[a-z0-9]/.test(slug)) {
    return { kind: "unsafe", reason: "a model id must contain a letter or digit" };
  }
  if (RESERVED_SLUGS.has(slug)) {
    return { kind: "reserved", reason: `"${slug}" is a name the generator uses itself` };
  }
  // Each model is a command of `linkmodel-sdk`: one named like a command of its own would never be reached.
  if (CLI_COMMANDS.includes(id)) {
    return { kind: "reserved", reason: `\`linkmodel-sdk ${id}\` is a command of the command line (its commands: ${CLI_COMMANDS.join(", ")}); the model's command could not be reached` };
  }
  const pascal = toPascal(id);
  return { id, slug, packageName: `${PACKAGE_SCOPE}/${slug}`, pascal, camel: toCamel(id) };
}

/** Type guard for the failure side of {@link nameModel}. */
export function isNamingProblem(value: ModelNames | NamingProblem): value is NamingProblem {
  return "kind" in value;
}
