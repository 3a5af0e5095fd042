/**
 * The typed transport (openapi-fetch, per model): the key goes with requests to the base URL,
 * however the base URL is written, and with no other request; a key no header can carry is
 * refused without being quoted.
 */
import { describe, expect, test } from "vitest";
import { AuthenticationError, createTypedTransport } from "../../runtime/src/index.js";
import { info } from "./helpers.js";

interface Paths {
  "/query/video-generation": {
    get: {
      parameters: { query: { task_id: string } };
      responses: { 200: { content: { "application/json": { code: number } } } };
    };
  };
}

const KEY = "sk-typed-test";

/** A typed transport whose fetch records the URL and Authorization of each request. */
function transport(baseUrl: string, apiKey = KEY) {
  const seen: { url: string; auth: string | null }[] = [];
  const client = createTypedTransport<Paths>(info(), {
    apiKey,
    baseUrl,
    fetch: async (r) => (seen.push({ url: r.url, auth: r.headers.get("authorization") }), Response.json({ code: 0 })),
  });
  const poll = (o: { baseUrl?: string } = {}) => client.GET("/query/video-generation", { params: { query: { task_id: "t" } }, ...o });
  return { seen, poll };
}

describe("the key goes to the base URL however it is written", () => {
  test.each(["https://api.example.com/v1", "https://API.Example.com/v1", "HTTPS://api.example.com/v1/", "https://api.example.com:443/v1", "https://api.example.com/a/../v1"])(
    "%s",
    async (base) => {
      const t = transport(base);
      await t.poll();
      expect(t.seen).toEqual([{ url: "https://api.example.com/v1/query/video-generation?task_id=t", auth: `Bearer ${KEY}` }]);
    },
  );
});

test.each(["https://api.example.com/v1evil", "https://api.example.com.evil.test/v1", "https://api.example.com:8443/v1", "http://api.example.com/v1", "https://evil.test/v1"])(
  "no key for a request to %s",
  async (other) => {
    const t = transport("https://api.example.com/v1");
    await t.poll({ baseUrl: other });
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]!.auth).toBeNull();
  },
);

test("a key read with its newline is sent trimmed; a key no header can carry is refused, unquoted", async () => {
  const trimmed = transport("https://api.example.com/v1", `  ${KEY}\n`);
  await trimmed.poll();
  expect(trimmed.seen[0]!.auth).toBe(`Bearer ${KEY}`);
  const bad = transport("https://api.example.com/v1", "“sk-secret-123”");
  const e = await bad.poll().catch((x: unknown) => x);
  expect(e).toBeInstanceOf(AuthenticationError);
  expect((e as Error).message).toMatch(/no HTTP header can carry/);
  expect((e as Error).message).not.toContain("sk-secret-123");
  expect(bad.seen).toEqual([]);
});
