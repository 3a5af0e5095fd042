/**
 * The code model of a generated check function: statements as data, rendered in one place.
 *
 * Every check function answers two questions: with an issue list it reports every problem,
 * with `issues === null` (a yes/no question, as `isRequest` and combinator branches ask) it
 * returns false at the first one. The checks say only *that* they report (`report`) or call
 * another check (`check`); `render` writes both forms' code, so that rule lives here alone.
 */
import { stringLiteral } from "../escape.js";

/** One statement of a check function's body. */
export type Statement =
  /** Code that needs no rewriting: a declaration, a comment, `continue`. */
  | { readonly kind: "line"; readonly text: string }
  /** `issues.push(issue)`, when `when` holds (always when null). */
  | { readonly kind: "report"; readonly when: string | null; readonly issue: string }
  /** A call of another check function (`checkRequestImages(…)`), which reports for itself. */
  | { readonly kind: "check"; readonly call: string }
  | { readonly kind: "if"; readonly when: string; readonly then: readonly Statement[]; readonly otherwise?: readonly Statement[] }
  /** A loop (`for (…)`, the head without the brace) or a plain block (`head` null), for block-scoped names. */
  | { readonly kind: "block"; readonly head: string | null; readonly body: readonly Statement[] };

export const line = (text: string): Statement => ({ kind: "line", text });
export const report = (when: string | null, issue: string): Statement => ({ kind: "report", when, issue });
export const check = (call: string): Statement => ({ kind: "check", call });
export const when = (condition: string, then: readonly Statement[], otherwise?: readonly Statement[]): Statement =>
  otherwise === undefined ? { kind: "if", when: condition, then } : { kind: "if", when: condition, then, otherwise };
export const block = (head: string | null, body: readonly Statement[]): Statement => ({ kind: "block", head, body });

/** Source lines of statements, two spaces per level of nesting. */
export function render(statements: readonly Statement[], indent = ""): string[] {
  const inner = indent + "  ";
  return statements.flatMap((s): string[] => {
    switch (s.kind) {
      case "line":
        return [indent + s.text];
      case "report": {
        const push = [`${s.when === null ? indent : inner}if (issues === null) return false;`, `${s.when === null ? indent : inner}issues.push(${s.issue});`];
        return s.when === null ? push : [`${indent}if (${s.when}) {`, ...push, `${indent}}`];
      }
      case "check":
        return [`${indent}if (!${s.call}) return false;`];
      case "if":
        return [
          `${indent}if (${s.when}) {`,
          ...render(s.then, inner),
          ...(s.otherwise === undefined ? [] : [`${indent}} else {`, ...render(s.otherwise, inner)]),
          `${indent}}`,
        ];
      case "block":
        return [`${indent}${s.head === null ? "" : s.head + " "}{`, ...render(s.body, inner), `${indent}}`];
    }
  });
}

/** A path expression: literal text and code pieces, rendered as `path + "/images/" + i`. */
export type PathPart = { readonly text: string } | { readonly code: string };

export function renderPath(parts: readonly PathPart[]): string {
  const out: string[] = [];
  let text = "";
  for (const part of parts) {
    if ("text" in part) text += part.text;
    else {
      if (text !== "") out.push(stringLiteral(text));
      text = "";
      out.push(part.code);
    }
  }
  if (text !== "") out.push(stringLiteral(text));
  return out.join(" + ");
}

/** A path as the code that varies (`path`, `path + "/images/" + i`) and the fixed pointer after it (`"/duration"`). */
export function splitPath(path: readonly PathPart[]): { prefix: string; pointer: string } {
  let cut = path.length;
  while (cut > 0 && "text" in path[cut - 1]!) cut--;
  return { prefix: renderPath(path.slice(0, cut)) || '""', pointer: path.slice(cut).map((part) => ("text" in part ? part.text : "")).join("") };
}
