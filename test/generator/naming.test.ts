import { describe, expect, test } from "vitest";
import { isNamingProblem, nameModel, toCamel, toPascal, toSlug } from "../../generator/naming.js";

describe("naming: one rule from model id to every name", () => {
  test.each([
    { given: "wan2.6", slug: "wan2-6", pkg: "@linkmodel-sdk/wan2-6", pascal: "Wan26", camel: "wan26" },
    { given: "MiniMax-Hailuo-02", slug: "minimax-hailuo-02", pkg: "@linkmodel-sdk/minimax-hailuo-02", pascal: "MiniMaxHailuo02", camel: "miniMaxHailuo02" },
    { given: "seedream-4.0", slug: "seedream-4-0", pkg: "@linkmodel-sdk/seedream-4-0", pascal: "Seedream40", camel: "seedream40" },
    { given: "gemini-2.5-flash-image", slug: "gemini-2-5-flash-image", pkg: "@linkmodel-sdk/gemini-2-5-flash-image", pascal: "Gemini25FlashImage", camel: "gemini25FlashImage" },
    { given: "kling-v3", slug: "kling-v3", pkg: "@linkmodel-sdk/kling-v3", pascal: "KlingV3", camel: "klingV3" },
    { given: "sora-2", slug: "sora-2", pkg: "@linkmodel-sdk/sora-2", pascal: "Sora2", camel: "sora2" },
    { given: "happyhorse-1.0", slug: "happyhorse-1-0", pkg: "@linkmodel-sdk/happyhorse-1-0", pascal: "Happyhorse10", camel: "happyhorse10" },
    { given: "seedance-2-0", slug: "seedance-2-0", pkg: "@linkmodel-sdk/seedance-2-0", pascal: "Seedance20", camel: "seedance20" },
    // A digit first cannot start an identifier: prefixed.
    { given: "3d-gen", slug: "3d-gen", pkg: "@linkmodel-sdk/3d-gen", pascal: "Model3dGen", camel: "model3dGen" },
    // Capitals runs: the leading acronym is lower-cased as a whole in camelCase.
    { given: "GPT-image-1", slug: "gpt-image-1", pkg: "@linkmodel-sdk/gpt-image-1", pascal: "GPTImage1", camel: "gptImage1" },
    // Reserved words are safe because names are PascalCase stems, never bare.
    { given: "class", slug: "class", pkg: "@linkmodel-sdk/class", pascal: "Class", camel: "class" },
    { given: "a__b..c", slug: "a-b-c", pkg: "@linkmodel-sdk/a-b-c", pascal: "ABC", camel: "abc" },
  ])("$given → $slug, $pascal", ({ given, slug, pkg, pascal, camel }) => {
    const names = nameModel(given);
    expect(isNamingProblem(names)).toBe(false);
    expect(names).toEqual({ id: given, slug, packageName: pkg, pascal, camel });
  });

  test.each([
    { given: "", kind: "unsafe" },
    { given: "../../evil", kind: "unsafe" },
    { given: "a/b", kind: "unsafe" },
    { given: ".hidden", kind: "unsafe" },
    { given: 'a"b', kind: "unsafe" },
    { given: "---", kind: "unsafe" },
    { given: "wan 2.6", kind: "unsafe" },
    { given: "wän", kind: "unsafe" },
    { given: "a\u2028b", kind: "unsafe" },
    { given: "x".repeat(101), kind: "unsafe" },
    { given: "runtime", kind: "reserved" },
    { given: "Catalogue", kind: "reserved" },
    { given: "node_modules", kind: "reserved" },
    { given: "CON", kind: "reserved" },
  ])("$given is refused ($kind)", ({ given, kind }) => {
    const names = nameModel(given);
    expect(isNamingProblem(names)).toBe(true);
    expect(names).toMatchObject({ kind });
  });

  test.each(["wait", "doctor", "help", "models"])("%s, a command of linkmodel-sdk, is refused (a model of that id shadowed the command line's own)", (given) => {
    const names = nameModel(given);
    expect(names).toMatchObject({ kind: "reserved" });
    // `models` is also a folder name of the generator's; the others are refused as commands, saying so.
    if (given !== "models") expect((names as { reason: string }).reason).toContain(`\`linkmodel-sdk ${given}\` is a command of the command line`);
  });

  test("helpers agree with nameModel", () => {
    expect(toSlug("A.B")).toBe("a-b");
    expect(toPascal("a.b")).toBe("AB");
    expect(toCamel("Wan2.6")).toBe("wan26");
  });
});
