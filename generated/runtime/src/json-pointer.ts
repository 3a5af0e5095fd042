/**
 * JSON Pointer (RFC 6901), and the URI fragment form a `$ref` writes it in (RFC 3986): the one
 * home of escaping and unescaping a pointer's tokens, for the runtime (the paths of validation
 * issues) and the generator (where a diagnostic points in a spec, what a `$ref` names).
 *
 * A token escapes `~` as `~0` and `/` as `~1`; a pointer is `""` (the whole document) or a `/`
 * before each token. Pure, no dependency.
 */

/** One reference token, escaped: `a/b~c` → `a~1b~0c`. */
export function escapeToken(token: string | number): string {
  const text = String(token);
  return text.includes("~") || text.includes("/") ? text.replace(/~/g, "~0").replace(/\//g, "~1") : text;
}

/** One reference token, unescaped: `a~1b~0c` → `a/b~c` (`~1` first undone last, so `~01` is `~1`). */
export function unescapeToken(token: string): string {
  return token.includes("~") ? token.replace(/~1/g, "/").replace(/~0/g, "~") : token;
}

/** `base` with `tokens` appended, each escaped: `pointerJoin("/paths", "/video", "post")` → `/paths/~1video/post`. */
export function pointerJoin(base: string, ...tokens: readonly (string | number)[]): string {
  let pointer = base;
  for (const token of tokens) pointer += `/${escapeToken(token)}`;
  return pointer;
}

/** The unescaped tokens of a pointer: `""` → `[]`, `/a~1b/0` → `["a/b", "0"]`. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw new SyntaxError(`a JSON pointer is empty or starts with "/": ${JSON.stringify(pointer)}`);
  return pointer.slice(1).split("/").map(unescapeToken);
}

/**
 * The JSON pointer a local `$ref` names: its URI fragment, percent-decoded
 * (`#/components/schemas/a%20b` → `/components/schemas/a b`); null when the ref is not a fragment
 * of this document (`other.yaml#/x`), not a pointer (`#name`), or its percent-encoding is malformed.
 */
export function refPointer(ref: string): string | null {
  if (!ref.startsWith("#")) return null;
  let pointer: string;
  try {
    pointer = decodeURIComponent(ref.slice(1));
  } catch {
    return null;
  }
  return pointer === "" || pointer.startsWith("/") ? pointer : null;
}
