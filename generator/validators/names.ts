/**
 * Names in a generated `validate.ts`: module-level names (check functions, constants) made
 * unique per module, and locals for property values that never shadow a name the code around
 * them needs. Pure functions of their input; the module's set of taken names is passed in.
 */

/** The parameters of every check function. */
const PARAMS = ["value", "path", "issues", "typos"];
/** Names the emitted blocks declare for themselves (`const duplicate`, `for (const key of …)`). */
const BLOCK_LOCALS = ["duplicate", "key", "extra", "passing"];
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await arguments eval undefined NaN Infinity Object Array Number String Math JSON").split(" "),
);

export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "");
}

export function pascal(parts: readonly string[]): string {
  return parts.flatMap(words).map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

export function upperSnake(parts: readonly string[]): string {
  return parts.flatMap(words).map((w) => w.toUpperCase()).join("_");
}

/** `base`, or `base2`, `base3`, … : the first not in `taken`, which it joins. */
export function uniqueName(taken: Set<string>, base: string): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}

/**
 * A local variable for a property value: readable, and never a name the code around it needs
 * (a reserved word, a parameter, a block's own local, a loop variable, a check function, all of
 * which are `check…`, or one of `imported`, the runtime helpers the module imports), which it
 * would shadow.
 */
export function localName(key: string, imported: ReadonlySet<string>): string {
  const camel = pascal([key]);
  let name = camel === "" ? "field" : camel[0]!.toLowerCase() + camel.slice(1);
  if (/^[0-9]/.test(name)) name = `_${name}`;
  const taken = RESERVED.has(name) || PARAMS.includes(name) || BLOCK_LOCALS.includes(name) || imported.has(name);
  if (taken || /^(?:item|i|j|k)\d*$/.test(name) || /^check[A-Z0-9]/.test(name)) name += "Value";
  return name;
}
