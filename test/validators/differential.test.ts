/**
 * Differential test: for every spec schema and every feature fixture, 10,000 seeded random
 * bodies; our verdict must equal ajv + ajv-formats (full) on each. A failure prints the seed
 * and the body. Reproduce one with VALIDATOR_SEED=<seed> VALIDATOR_BODIES=1.
 */
import { describe, expect, test } from "vitest";
import { ajvFor, loadCases, loadFixtures, validatorFor } from "./harness.js";
import { genValue, rng } from "./bodies.js";

const BODIES = Number(process.env["VALIDATOR_BODIES"] ?? 10_000);
const BASE_SEED = Number(process.env["VALIDATOR_SEED"] ?? process.env["VALIDATOR_BASE_SEED"] ?? 0x5eed);

function seedOf(name: string): number {
  let h = BASE_SEED >>> 0;
  for (const ch of name) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

function show(body: unknown): string {
  const text = JSON.stringify(body, (_k, v: unknown) => (Object.is(v, -0) ? "<-0>" : v));
  return text === undefined ? String(body) : text.length > 600 ? text.slice(0, 600) + "…" : text;
}

describe("generated validators agree with ajv + ajv-formats", () => {
  for (const c of loadCases()) {
    test(`${c.name} (${c.mode})`, () => {
      const ours = validatorFor(c);
      const oracle = ajvFor(c.schema, c.mode);
      const seed = process.env["VALIDATOR_SEED"] ? BASE_SEED : seedOf(c.name);
      let accepted = 0;
      const failures: string[] = [];
      for (let i = 0; i < BODIES && failures.length < 5; i++) {
        const body = genValue(c.schema, rng(seed + i));
        const want = oracle(body);
        const result = ours(body);
        if (result.ok) accepted++;
        if (result.ok !== want) {
          const issues = result.ok ? "" : ` issues=${JSON.stringify(result.issues.map((x) => x.message))}`;
          failures.push(`seed=${seed + i} ajv=${want} ours=${result.ok}${issues} body=${show(body)}`);
        }
        if (!result.ok && result.issues.length === 0) failures.push(`seed=${seed + i}: ok false without issues`);
        if (result.ok && result.value !== body) failures.push(`seed=${seed + i}: value is not the input`);
      }
      expect(failures, failures.join("\n")).toEqual([]);
      // The generator must reach both verdicts often enough to mean something.
      expect(accepted, "valid bodies").toBeGreaterThan(BODIES * 0.01);
      expect(BODIES - accepted, "invalid bodies").toBeGreaterThan(BODIES * 0.01);
    });
  }
});

describe("feature fixtures: hand-picked bodies", () => {
  for (const f of loadFixtures()) {
    test(f.name, () => {
      const ours = validatorFor({ name: f.name, modelId: "fixture-model", mode: "request", schema: f.schema });
      const oracle = ajvFor(f.schema, "request");
      for (const body of f.valid) {
        expect(oracle(body), `ajv accepts ${show(body)}`).toBe(true);
        expect(ours(body).ok, `accepts ${show(body)}`).toBe(true);
      }
      for (const body of f.invalid) {
        expect(oracle(body), `ajv rejects ${show(body)}`).toBe(false);
        expect(ours(body).ok, `rejects ${show(body)}`).toBe(false);
      }
    });
  }
});
