/**
 * Differential test of `@linkmodel-sdk/testing` (issue 18) against an independent mock: for
 * each model, Prism started on its spec and our mock serving that model must both answer 200
 * to the bodies the model's generated validator accepts and 400 to those it rejects, so that
 * a user's test against our mock meets the request checks the spec defines.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RequestValidator } from "@linkmodel-sdk/runtime";
import { createMock, type ModelId } from "@linkmodel-sdk/testing";
import { startPrism, type PrismMocks } from "../helpers/prism.js";
import { ROOT } from "../helpers/workspace.js";
import { genValue, rng } from "../validators/bodies.js";
import { loadSpecs } from "../validators/harness.js";

const PER_SPEC = Number(process.env["PRISM_BODIES"] ?? 40);
const specs = loadSpecs();
let prism: PrismMocks | undefined;

/** Model id → its package's generated request validator (the one the mock uses). */
const validators = new Map<string, RequestValidator<unknown>>();

beforeAll(async () => {
  for (const slug of readdirSync(join(ROOT, "generated", "models"))) {
    const pkg = JSON.parse(readFileSync(join(ROOT, "generated", "models", slug, "package.json"), "utf8")) as { name: string; linkmodel: { model: string } };
    const { binding } = (await import(pkg.name)) as { binding: { validateRequest: RequestValidator<unknown> } };
    validators.set(pkg.linkmodel.model, binding.validateRequest);
  }
  prism = await startPrism(specs.map((spec) => `specs/${spec.file}`));
}, 90_000);

afterAll(async () => {
  await prism?.stop();
});

describe("the mock and Prism give the generated validator's verdict", () => {
  for (const [n, spec] of specs.entries()) {
    test(spec.modelId, async () => {
      const validate = validators.get(spec.modelId)!;
      // One model served, as Prism serves one spec: a body without `model` is that model's.
      const mock = createMock({ models: [spec.modelId as ModelId] });
      const { apiKey, baseUrl } = mock.clientOptions;
      const path = `/${spec.group}-generation`;
      const bodies: unknown[] = [{}, { prompt: "a cat" }, { prompt: "a cat", model: spec.modelId }, { prompt: 5, model: spec.modelId }, { prompt: "a cat", model: spec.modelId, duration: 7 }];
      for (let i = 0; bodies.length < PER_SPEC + 5; i++) {
        const body = genValue(spec.request, rng(31_000 + n * 1000 + i));
        // Root-level non-objects are left out, as in test/validators/prism.test.ts.
        if (typeof body === "object" && body !== null && !Array.isArray(body)) bodies.push(body);
      }
      const mismatches: string[] = [];
      const verdicts = new Set<number>();
      for (const raw of bodies) {
        const text = JSON.stringify(raw);
        const want = validate(JSON.parse(text)).ok ? 200 : 400;
        verdicts.add(want);
        const init = { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` }, body: text };
        const fromPrism = await fetch(`${prism!.urls[n]}${path}`, init);
        await fromPrism.arrayBuffer();
        const fromMock = await mock.fetch(`${baseUrl}${path}`, init);
        const envelope = (await fromMock.json()) as { code?: number };
        if (fromPrism.status !== want) mismatches.push(`Prism ${fromPrism.status} (want ${want}) body=${text.slice(0, 200)}`);
        if (fromMock.status !== want || envelope.code !== (want === 200 ? 0 : 400)) mismatches.push(`mock ${fromMock.status} code ${envelope.code} (want ${want}) body=${text.slice(0, 200)}`);
      }
      expect(mismatches, mismatches.join("\n")).toEqual([]);
      // Both verdicts were exercised.
      expect([...verdicts].sort()).toEqual([200, 400]);
    }, 30_000);
  }
});
