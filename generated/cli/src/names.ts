/**
 * The names of the `linkmodel-sdk` command line, in one place for the CLI package and the generator:
 * its commands (a model id may not take one: the generator reports LM305), its options, and the
 * one rule that gives every field of a request body a flag of its own. Plain data and pure
 * functions: the generator's build compiles this file beside its own (generator/build.mjs).
 */

/** The command's name: not `lkm` or `linkmodel`, which the official CLI uses. */
export const BIN = "linkmodel-sdk";

/** The command line's own commands; a model named like one would shadow it (or be shadowed). */
export const CLI_COMMANDS: readonly string[] = ["wait", "models", "doctor", "help"];

/** The options a command of the command line takes, and what they do. */
export const CLI_OPTION_NAMES = {
  common: ["api-key", "base-url", "timeout", "json", "help"],
  waiting: ["download", "deadline", "poll-interval"],
  creating: ["wait", "dry-run"],
  /** Of `wait` alone (the model of a bare task id), and `--version` at the top level. */
  other: ["model", "version"],
} as const;

/** Every option name, with the `--no-` forms of the boolean ones (`--no-wait`): no body field's flag may be one. */
const TAKEN_BY_OPTIONS: ReadonlySet<string> = new Set([
  ...Object.values(CLI_OPTION_NAMES).flat(),
  ...["wait", "json", "dry-run", "help"].map((name) => `no-${name}`),
]);

/** The prefix of a body field's flag when its own name is taken. */
export const BODY_FLAG_PREFIX = "body.";

/**
 * The flag (without `--`) of each body field, in the order given: the field's own name, as the
 * spec writes it, unless that is an option of the command line (or empty, which `--` cannot
 * carry); then `body.<name>`, prefixed again while that too is taken (by an option or another
 * field's flag: fields `json` and `body.json` get `--body.body.json` and `--body.json`). So no
 * two flags of a command are ever one, and a field keeps its name wherever it can.
 *
 * @example
 * ```ts
 * bodyFlagNames(["prompt", "timeout"]); // ["prompt", "body.timeout"]
 * ```
 */
export function bodyFlagNames(fields: readonly string[]): string[] {
  const ownNameFree = (name: string): boolean => name !== "" && !TAKEN_BY_OPTIONS.has(name);
  // Fields are unique in a spec; the ones that keep their names are settled first, so that
  // only prefixed flags ever move.
  const taken = new Set<string>([...TAKEN_BY_OPTIONS, ...fields.filter(ownNameFree)]);
  return fields.map((name) => {
    if (ownNameFree(name)) return name;
    let flag = `${BODY_FLAG_PREFIX}${name}`;
    while (taken.has(flag)) flag = `${BODY_FLAG_PREFIX}${flag}`;
    taken.add(flag);
    return flag;
  });
}
