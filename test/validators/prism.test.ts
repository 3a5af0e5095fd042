/**
 * Contract test against an independent implementation: Prism (@stoplight/prism-cli) mocks each
 * spec on 127.0.0.1; bodies our validator accepts must get 200, bodies it rejects must get 400.
 *
 * Why 400 and not 422: Prism answers a request that fails validation with the operation's own
 * error response when the spec has one, preferring a 422 response, then 400, then `default`,
 * and only falls back to a generic 422 problem document when none is declared. Every LinkModel
 * spec declares 400 (and no 422), so Prism sends the spec's 400 example, and puts the violations
 * in its `sl-violations` header (printed below when a verdict differs).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startPrism, type PrismMocks } from "../helpers/prism.js";
import { compileValidator, emitFor, loadSpecs } from "./harness.js";
import { genValue, rng } from "./bodies.js";

const PER_SPEC = Number(process.env["PRISM_BODIES"] ?? 60);
const specs = loadSpecs();
let prism: PrismMocks | undefined;

beforeAll(async () => {
  prism = await startPrism(specs.map((spec) => `specs/${spec.file}`));
}, 90_000);

afterAll(async () => {
  await prism?.stop();
});

function handPicked(modelId: string): unknown[] {
  return [
    {},
    { prompt: "a cat", model: modelId },
    { prompt: "", model: modelId },
    { prompt: "😀", model: modelId },
    { prompt: "a cat", model: modelId, duration: 7 },
    { prompt: "a cat", model: modelId, first_frame_image: "https://example.com/a.png" },
    { prompt: "a cat", model: modelId, first_frame_image: "http://192.168.0.1/a.png" },
    { prompt: "a cat", model: modelId, images: ["https://example.com/a.png"] },
    { prompt: "a cat", model: modelId, durration: 5 },
    { prompt: 5, model: modelId },
  ];
}

describe("Prism agrees with our verdicts", () => {
  for (const [n, spec] of specs.entries()) {
    test(spec.file, async () => {
      const { validateRequest } = compileValidator(emitFor(spec.modelId, { request: spec.request }));
      const path = `/${spec.group}-generation`;
      // Root-level non-objects are left to the differential test: Prism's handling of a bare
      // JSON scalar body is its own business, not the spec's.
      const bodies = [...handPicked(spec.modelId)];
      for (let i = 0; bodies.length < PER_SPEC + 10; i++) {
        const body = genValue(spec.request, rng(9000 + n * 1000 + i));
        if (typeof body === "object" && body !== null && !Array.isArray(body)) bodies.push(body);
      }
      const mismatches: string[] = [];
      let accepted = 0;
      for (const raw of bodies) {
        const text = JSON.stringify(raw);
        const body: unknown = JSON.parse(text);
        const ours = validateRequest(body);
        if (ours.ok) accepted++;
        const response = await fetch(`${prism!.urls[n]}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer test" },
          body: text,
        });
        await response.arrayBuffer();
        const want = ours.ok ? 200 : 400;
        if (response.status !== want) {
          mismatches.push(`${response.status} (want ${want}) body=${text.slice(0, 300)} violations=${response.headers.get("sl-violations")?.slice(0, 300)}`);
        }
      }
      expect(mismatches, mismatches.join("\n")).toEqual([]);
      expect(accepted).toBeGreaterThan(0);
      expect(accepted).toBeLessThan(bodies.length);
    }, 30_000);
  }
});
