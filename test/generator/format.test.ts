import { describe, expect, test } from "vitest";
import { formatFile, reindentPrinted } from "../../generator/format.js";

describe("format", () => {
  test.each([
    { name: "trailing spaces and tabs go, other white space stays", path: "a.ts", given: "a  \t\nb\u00a0\n", want: "a\nb\u00a0\n" },
    { name: "blank runs fold to one, leading and trailing blank lines go", path: "a.ts", given: "\n\na\n\n\n\nb\n\n\n", want: "a\n\nb\n" },
    { name: "CRLF and CR become LF", path: "a.md", given: "a\r\nb\rc", want: "a\nb\nc\n" },
    { name: "TypeScript keeps its indentation", path: "src/index.ts", given: "a {\n    b;\n}\n", want: "a {\n    b;\n}\n" },
    { name: "JSON re-serialized with two spaces", path: "package.json", given: '{"a":[1,2],"b":{"c":"d"}}', want: '{\n  "a": [\n    1,\n    2\n  ],\n  "b": {\n    "c": "d"\n  }\n}\n' },
  ])("$name", ({ path, given, want }) => {
    expect(formatFile(path, given)).toBe(want);
    expect(formatFile(path, want)).toBe(want); // idempotent
  });

  test("printed TypeScript: four-space steps halved, JSDoc alignment kept", () => {
    const printed = "a {\n    b: {\n        /**\n         * x\n         */\n        c: 1;\n    };\n}";
    expect(reindentPrinted(printed)).toBe("a {\n  b: {\n    /**\n     * x\n     */\n    c: 1;\n  };\n}");
  });

  test("invalid JSON from a template is an error naming the file", () => {
    expect(() => formatFile("models/x/package.json", '{"a": 1,}')).toThrow(/models\/x\/package\.json/);
  });
});
