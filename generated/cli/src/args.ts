/**
 * Argument parsing: a command's words into flags (by its option table) and arguments, and the
 * usage checks on them. Our own small parser, not yargs: a flag or a field may be called
 * `constructor`, `toString` or `__proto__` (issue #20), and names live in Maps only.
 */
import { closestMatch } from "@linkmodel-sdk/runtime/validators";
import { BIN } from "./names.js";
import { OWN_OPTIONS, type OptionSpec, type OptionTable } from "./options.js";
import { shellQuote } from "./shell.js";

/** A usage error: exit 2 with this message. */
export class UsageError extends Error {}

/** What one flag was given: text, or a switch's state. */
export type ArgValue = string | boolean;

/** A command's arguments, as parsed. */
export interface Args {
  /** Each option given, by flag name, with its values in order. */
  readonly flags: ReadonlyMap<string, readonly ArgValue[]>;
  readonly positionals: readonly string[];
  /** Flags of no option of the command, as typed (`--durration`, `-a cat`). */
  readonly unknown: readonly string[];
}

/** No arguments: before any are parsed. */
export const NO_ARGS: Args = { flags: new Map(), positionals: [], unknown: [] };

/** A number as a flag's text may write it (`5`, `-0.5`, `1e3`). */
export const NUMBER_TEXT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;

/** `-h`/`--help` anywhere among a command's arguments (before a `--`). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  const own = end === -1 ? args : args.slice(0, end);
  return own.includes("--help") || own.includes("-h");
}

/** A word that is a value, not a flag: anything not starting with `-`, a lone `-`, a negative number. */
const VALUE_WORD = /^(?:[^-]|-$|-\.?\d)/;

/**
 * The option a `--…` word names, and its `=value` if any: the whole word first, then the
 * longest name before an `=` (a field may be called `a=b`); `--no-<switch>` turns a switch off.
 */
function lookUp(word: string, options: OptionTable): { name: string; spec: OptionSpec; inline: string | undefined; negated: boolean } | undefined {
  const rest = word.slice(2);
  const whole = options.get(rest);
  if (whole) return { name: rest, spec: whole, inline: undefined, negated: false };
  for (let i = rest.lastIndexOf("="); i > 0; i = rest.lastIndexOf("=", i - 1)) {
    const spec = options.get(rest.slice(0, i));
    if (spec) return { name: rest.slice(0, i), spec, inline: rest.slice(i + 1), negated: false };
  }
  const negated = rest.startsWith("no-") ? options.get(rest.slice(3)) : undefined;
  if (negated?.kind === "boolean") return { name: rest.slice(3), spec: negated, inline: undefined, negated: true };
  return undefined;
}

/**
 * Parses a command's arguments: flag names as written (dots kept, no case copies), every value
 * as text (the spec type decides), a switch as true or false, a repeated flag as several
 * values, everything after `--` as arguments. Checks nothing (`checkArgs` does), so that a
 * failure knows whether --json was read. Names live in Maps only.
 */
export function parseArgs(argv: readonly string[], options: OptionTable): Args {
  const flags = new Map<string, ArgValue[]>();
  const positionals: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (VALUE_WORD.test(word)) {
      positionals.push(word);
      continue;
    }
    const found = word === "-h" ? { name: "help", spec: options.get("help")!, inline: undefined, negated: false } : word.startsWith("--") ? lookUp(word, options) : undefined;
    if (!found) {
      unknown.push(word.startsWith("--") ? word.split("=")[0]! : word);
      continue;
    }
    const { name, spec, inline, negated } = found;
    const next = argv[i + 1];
    let value: ArgValue;
    if (negated) value = false;
    else if (spec.kind === "boolean") {
      const given = inline ?? (next === "true" || next === "false" ? argv[++i]! : undefined);
      // A switch's value other than true or false stays text, for `checkArgs` or the validator to name.
      value = given === undefined || given === "true" ? true : given === "false" ? false : given;
    } else value = inline ?? (next !== undefined && VALUE_WORD.test(next) ? argv[++i]! : spec.kind === "string" ? "" : true);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positionals, unknown };
}

/** A flag of one value given several times is a usage error, never a silent pick. */
export function onlyOnce(flag: string, given: readonly ArgValue[]): void {
  if (given.length > 1) throw new UsageError(`--${flag} was given ${given.length} times; it takes one value`);
}

/** Unknown flags (with a did-you-mean), repeated options and stray or missing arguments are usage errors. */
export function checkArgs(args: Args, argv: readonly string[], options: OptionTable, positionals: number): void {
  const { flags, unknown } = args;
  const known = [...options.keys()];
  for (const word of unknown) {
    const close = word.startsWith("--") ? closestMatch(word.slice(2), known) : undefined;
    throw new UsageError(`unknown flag ${word}${close ? `; did you mean --${close}?` : ""}${dashHint(args, argv, options)}`);
  }
  // Each option of the command line takes one value (body flags: `readBody`); a switch, true or false.
  for (const [name, values] of flags) {
    if (!OWN_OPTIONS.has(name) || !options.has(name)) continue;
    onlyOnce(name, values);
    if (OWN_OPTIONS.get(name)!.kind === "boolean" && typeof values[0] === "string") throw new UsageError(`--${name} takes true or false; got ${JSON.stringify(values[0])}`);
  }
  const extra = args.positionals.slice(positionals);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(shown(extra[0]!))}: every value belongs to a flag (repeat the flag for each value of an array field)${dashHint(args, argv, options)}`);
  if (args.positionals.length < positionals) throw new UsageError(`missing argument: the task id or handle (\`${BIN} wait --help\`)`);
}

/**
 * A value that starts with `-` (`--prompt "-a cat"`) is read as a flag of its own and leaves
 * the flag before it without a value: when that happened, how to pass such a value (the `=` form).
 */
function dashHint(args: Args, argv: readonly string[], options: OptionTable): string {
  for (const [i, word] of argv.entries()) {
    if (word === "--") break;
    const name = word.slice(2);
    const next = argv[i + 1];
    const given = args.flags.get(name);
    const valueMissing = given !== undefined && (given.includes("") || given.includes(true));
    if (word.startsWith("--") && options.get(name)?.kind !== "boolean" && options.has(name) && valueMissing && next?.startsWith("-"))
      return `; if ${JSON.stringify(next)} is the value of --${name}, write --${name}=${shellQuote(next)}`;
  }
  return "";
}

/** A stray argument as printed: a long one may be a key typed in the wrong place, so its start only. */
function shown(arg: string): string {
  return arg.length > 8 ? `${arg.slice(0, 3)}…` : arg;
}
