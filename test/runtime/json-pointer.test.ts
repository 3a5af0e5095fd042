/**
 * JSON pointers (runtime/src/json-pointer.ts), given/want: the one home of escaping and
 * unescaping, shared by the runtime and the generator.
 */
import { describe, expect, test } from "vitest";
import { escapeToken, pointerJoin, pointerTokens, refPointer, unescapeToken } from "../../runtime/src/json-pointer.js";

describe("tokens", () => {
  test.each<[string | number, string]>([
    ["plain", "plain"],
    ["a/b", "a~1b"],
    ["a~b", "a~0b"],
    ["~1", "~01"],
    ["/~", "~1~0"],
    ["", ""],
    [0, "0"],
  ])("escapeToken(%j) is %j, and unescapeToken undoes it", (token, escaped) => {
    expect(escapeToken(token)).toBe(escaped);
    expect(unescapeToken(escaped)).toBe(String(token));
  });
});

describe("pointers", () => {
  test.each<[string, (string | number)[], string]>([
    ["", [], ""],
    ["", ["paths", "/video-generation", "post"], "/paths/~1video-generation/post"],
    ["/a", ["application/json", 0], "/a/application~1json/0"],
  ])("pointerJoin(%j, …%j) is %j, and pointerTokens reads it back", (base, tokens, pointer) => {
    expect(pointerJoin(base, ...tokens)).toBe(pointer);
    expect(pointerTokens(pointer)).toEqual([...pointerTokens(base), ...tokens.map(String)]);
  });

  test("the empty pointer has no tokens; one empty token is the key \"\"", () => {
    expect(pointerTokens("")).toEqual([]);
    expect(pointerTokens("/")).toEqual([""]);
  });

  test("a pointer that does not start with / is refused", () => {
    expect(() => pointerTokens("a/b")).toThrow(SyntaxError);
  });
});

describe("refPointer: the pointer a local $ref names", () => {
  test.each<[string, string | null]>([
    ["#", ""],
    ["#/components/schemas/A", "/components/schemas/A"],
    ["#/components/schemas/a%20b", "/components/schemas/a b"],
    ["#/components/schemas/a~1b", "/components/schemas/a~1b"],
    ["#/x/%7E1", "/x/~1"],
    ["other.yaml#/x", null],
    ["https://example.com/s.yaml", null],
    ["#name", null],
    ["#/x/%zz", null],
  ])("%j → %j", (ref, pointer) => {
    expect(refPointer(ref)).toBe(pointer);
  });
});
