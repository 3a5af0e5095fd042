/**
 * The structure of the hand-written code (issue 19): no import cycle among the modules of
 * `generator/` and `runtime/`, and no module over 500 lines there. Imports are read with the
 * TypeScript compiler's own pre-processor (`ts.preProcessFile`), which sees every form: `import`,
 * `import type`, `export … from` and `import("…")`; a type-only import is an edge like any
 * other, since a type shared by two stages belongs below both.
 */
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { walkFiles } from "../../generator/files.js";
import { ROOT } from "../helpers/workspace.js";

/** Source modules of the two hand-written trees, relative to the repo root. */
const CODE = /\.(ts|mts|cts|mjs|cjs|js)$/;
const modules = ["generator", "runtime"].flatMap((dir) =>
  walkFiles(join(ROOT, dir), { skipFolder: (name) => name === "node_modules" })
    .filter((file) => CODE.test(file) && !file.endsWith(".d.ts"))
    .map((file) => `${dir}/${file}`),
);

/** The modules `file` imports, among `known` (a `.js` specifier names its `.ts` source). */
function importsOf(file: string, known: ReadonlySet<string>): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), "utf8"), true, true);
  const found: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith(".")) continue;
    const target = relative(ROOT, resolve(ROOT, dirname(file), fileName)).split("\\").join("/");
    const candidates = [target, target.replace(/\.js$/, ".ts"), target.replace(/\.mjs$/, ".mts"), `${target}.ts`, `${target}/index.ts`];
    const hit = candidates.find((c) => known.has(c));
    if (hit) found.push(hit);
  }
  return found;
}

/** Every cycle of a graph, each once, as the list of modules around it (smallest first). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's strongly connected components: a component of two or more modules (or one that
  // imports itself) is a cycle; one path around it names it.
  let index = 0;
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (node: string): void => {
    order.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!order.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, order.get(next)!));
    }
    if (low.get(node) === order.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!order.has(node)) connect(node);
  return components.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
}

describe("module structure of generator/ and runtime/", () => {
  test("finds the cycles of a graph, and only those", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c"]],
      ["c", ["a"]],
      ["d", ["a"]],
      ["e", ["e"]],
      ["f", []],
    ]);
    expect(findCycles(graph)).toEqual([["a", "b", "c"], ["e"]]);
    expect(findCycles(new Map([["a", ["b"]], ["b", []]]))).toEqual([]);
  });

  test("reads every form of import: import, import type, export from, and import()", () => {
    const known = new Set(["generator/format.ts", "generator/render.ts", "generator/files.ts", "generator/pipeline.ts", "runtime/src/model.ts"]);
    const source = [
      'import type { A } from "./render.js";',
      'export { b } from "./files.js";',
      'const p = await import("./pipeline.js");',
      'import { c } from "../runtime/src/model.js";',
      'import jsYaml from "js-yaml";',
    ].join("\n");
    const info = ts.preProcessFile(source, true, true);
    expect(info.importedFiles.map((f) => f.fileName)).toEqual(["./render.js", "./files.js", "./pipeline.js", "../runtime/src/model.js", "js-yaml"]);
    // And the real reader resolves a module's own imports to files of the tree.
    expect(importsOf("generator/ir.ts", new Set([...known, ...modules]))).toContain("runtime/src/model.ts");
  });

  test("no import cycle", () => {
    const known = new Set(modules);
    const graph = new Map(modules.map((file) => [file, importsOf(file, known)]));
    expect(modules.length).toBeGreaterThan(40);
    expect(findCycles(graph).map((cycle) => cycle.join(" ↔ "))).toEqual([]);
  });

  test("README's pipeline section names every module that imports node:fs, and every module it names exists", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### The pipeline"), readme.indexOf("**Incremental.**"));
    const named = new Set([...section.matchAll(/^\| `([\w.-]+\.(?:ts|mjs))` \|/gm)].map((m) => `generator/${m[1]}`));
    const touching = modules.filter((file) => file.startsWith("generator/") && /from "node:fs(\/promises)?"/.test(readFileSync(join(ROOT, file), "utf8")));
    expect(touching.filter((file) => !named.has(file))).toEqual([]);
    expect([...named].filter((file) => !modules.includes(file))).toEqual([]);
    const stages = [...section.matchAll(/generator\/([\w-]+\.ts)/g)].map((m) => `generator/${m[1]}`);
    expect(stages.filter((file) => !modules.includes(file))).toEqual([]);
  });

  test("no module over 500 lines", () => {
    const lines = (file: string): number => readFileSync(join(ROOT, file), "utf8").replace(/\n$/, "").split("\n").length;
    const over = modules.filter((file) => lines(file) > 500).map((file) => `${file}: ${lines(file)} lines`);
    expect(over).toEqual([]);
  });
});
