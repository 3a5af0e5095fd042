/**
 * Every function a generated package exports, and every method of the runtime clients, has
 * JSDoc with an `@example`, so an editor shows how to call it on hover.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { ROOT } from "../helpers/workspace.js";

const GENERATED = join(ROOT, "generated");
const sources = [
  join(GENERATED, "catalogue/src/index.ts"),
  ...readdirSync(join(GENERATED, "models")).flatMap((m) => ["index.ts", "validate.ts"].map((f) => join(GENERATED, "models", m, "src", f))),
];

/** Names of exported functions (or interface methods) whose JSDoc lacks `@example`. */
function missingExamples(file: string, interfaces: readonly string[] = []): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const missing: string[] = [];
  const hasExample = (node: ts.Node): boolean => ts.getJSDocTags(node).some((tag) => tag.tagName.text === "example");
  source.forEachChild((node) => {
    if (ts.isFunctionDeclaration(node) && node.name && node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      if (!hasExample(node)) missing.push(node.name.text);
    }
    if (ts.isInterfaceDeclaration(node) && interfaces.includes(node.name.text)) {
      for (const member of node.members) if (ts.isMethodSignature(member) && !hasExample(member)) missing.push(`${node.name.text}.${member.name.getText()}`);
    }
  });
  return missing;
}

describe("JSDoc @example", () => {
  test.each(sources.map((file) => [file.slice(GENERATED.length + 1), file]))("%s: every exported function", (_name, file) => {
    expect(missingExamples(file)).toEqual([]);
  });

  test("every method of the runtime's model and catalogue clients", () => {
    expect(missingExamples(join(ROOT, "runtime/src/client.ts"), ["ModelClient"])).toEqual([]);
    expect(missingExamples(join(ROOT, "runtime/src/catalogue.ts"), ["GroupClient"])).toEqual([]);
  });
});
