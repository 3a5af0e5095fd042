/**
 * Type tests of `@linkmodel-sdk/testing` (issue 18): a scenario names only its model's statuses
 * and result field (a video model's `fileUrl`, an image model's `outputImages`), and a model id
 * the catalogue does not have does not compile, in `createMock`'s scenarios, `scenario` and
 * `next`. Each negative line differs from the positive one above it in one thing only.
 */
import { describe, expectTypeOf, test } from "vitest";
import type { ClientOptions } from "@linkmodel-sdk/runtime";
import { createMock, type ModelId, type Scenario } from "@linkmodel-sdk/testing";

const mock = createMock();

describe("model ids", () => {
  test("every id of the catalogue is accepted; another does not compile", () => {
    expectTypeOf<ModelId>().toEqualTypeOf<
      "MiniMax-Hailuo-02" | "gemini-2.5-flash-image" | "gemini-3-pro-image-preview" | "happyhorse-1.0" | "kling-v3" | "seedance-2-0" | "seedream-4.0" | "sora-2" | "wan2.6"
    >();
    mock.next("wan2.6", { outcome: "cancelled" });
    // @ts-expect-error no such model
    mock.next("wan2.7", { outcome: "cancelled" });
    mock.scenario("kling-v3", { outcome: "never-finishes" });
    // @ts-expect-error ids are case-sensitive
    mock.scenario("Kling-v3", { outcome: "never-finishes" });
    createMock({ scenarios: { "sora-2": { outcome: "unauthorized" } } });
    // @ts-expect-error no such model
    createMock({ scenarios: { "sora-3": { outcome: "unauthorized" } } });
    createMock({ models: ["wan2.6"] });
    // @ts-expect-error no such model
    createMock({ models: ["wan"] });
  });
});

describe("scenarios follow the model", () => {
  test("a video model's result is a fileUrl, an image model's outputImages", () => {
    mock.next("wan2.6", { outcome: "success", result: { fileUrl: "https://cdn.example/v.mp4" } });
    // @ts-expect-error a video model has no outputImages
    mock.next("wan2.6", { outcome: "success", result: { outputImages: 2 } });
    mock.next("seedream-4.0", { outcome: "success", result: { outputImages: 2 } });
    // @ts-expect-error an image model has no fileUrl
    mock.next("seedream-4.0", { outcome: "success", result: { fileUrl: "https://cdn.example/v.mp4" } });
    expectTypeOf<Scenario<"sora-2">>().not.toEqualTypeOf<Scenario<"gemini-2.5-flash-image">>();
  });
  test("running statuses are the API's; outcomes and fault kinds are a closed set", () => {
    mock.next("wan2.6", { outcome: "success", running: ["Pending", "Processing"] });
    // @ts-expect-error statuses are capitalised, as the query endpoint sends them
    mock.next("wan2.6", { outcome: "success", running: ["pending"] });
    // @ts-expect-error Success is how a task ends, not a running status
    mock.next("wan2.6", { outcome: "success", running: ["Success"] });
    mock.next("wan2.6", { outcome: "failed", message: "nsfw" });
    // @ts-expect-error no such outcome
    mock.next("wan2.6", { outcome: "exploded" });
    mock.next("wan2.6", { outcome: "server-error", taskCreated: true });
    // @ts-expect-error whether the task was created must be said
    mock.next("wan2.6", { outcome: "server-error" });
    mock.next("wan2.6", { outcome: "success", pollFaults: [{ kind: "rate-limited", retryAfterSeconds: 3 }] });
    // @ts-expect-error no such fault
    mock.next("wan2.6", { outcome: "success", pollFaults: [{ kind: "slow" }] });
  });
  test("clientOptions are ClientOptions", () => {
    expectTypeOf(mock.clientOptions).toMatchTypeOf<ClientOptions>();
  });
});
