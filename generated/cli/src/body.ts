/**
 * A model command's flags into a request body, by the spec type of each field; and the
 * validator's issues back into lines that name the flags.
 */
import type { ValidationIssue } from "@linkmodel-sdk/runtime";
import { pointerTokens } from "@linkmodel-sdk/runtime/validators";
import { NUMBER_TEXT, UsageError, onlyOnce, type ArgValue } from "./args.js";
import { bodyFlagNames } from "./names.js";
import type { CliFlag } from "./types.js";

/**
 * Reads the flags of a model command into a request body, by the spec type of each field.
 * Each field is read from its own flag (`bodyFlagNames`) into its own key: a field called
 * `__proto__` is a key like any other.
 */
export function readBody(flags: readonly CliFlag[], args: ReadonlyMap<string, readonly ArgValue[]>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const names = bodyFlagNames(flags.map((f) => f.name));
  const set = (key: string, value: unknown): void => void Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
  for (const [i, f] of flags.entries()) {
    const flag = names[i]!;
    const given = args.get(flag);
    if (given === undefined) {
      // A field both required and defaulted (kling-v3's resolution) gets its default, as the docs promise.
      if (f.required && "default" in f) set(f.name, f.default);
      continue;
    }
    if (!f.array) onlyOnce(flag, given);
    const read = given.map((v) => coerce(f, flag, v));
    set(f.name, f.array ? read : read[0]);
  }
  return body;
}

/** One flag value by its spec type; what cannot be read stays text, for the validator to name. */
function coerce(f: CliFlag, flag: string, value: ArgValue): unknown {
  if (f.type === "boolean") return value === "true" ? true : value === "false" ? false : value;
  // A flag that needs a value and got none arrives as `true`.
  if (value === true) throw new UsageError(`--${flag} needs a value`);
  if (typeof value !== "string") return value;
  if (f.type === "integer" || f.type === "number") {
    if (value === "") throw new UsageError(`--${flag} needs a value`);
    return NUMBER_TEXT.test(value.trim()) ? Number(value) : value;
  }
  if (f.type === "json") {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** `--resolution: resolution must be one of …; did you mean "720P"?`, one line per issue. */
export function issueLines(issues: readonly ValidationIssue[], flags: readonly CliFlag[]): string {
  const names = bodyFlagNames(flags.map((f) => f.name));
  return issues
    .map((i) => {
      const token = pointerTokens(i.path)[0];
      const at = flags.findIndex((f) => f.name === token);
      return `  ${at === -1 ? "" : `--${names[at]}: `}${i.message}`;
    })
    .join("\n");
}
