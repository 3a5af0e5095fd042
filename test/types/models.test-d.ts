/**
 * Type tests of every model package: a wrong enum value, a missing required field and a field
 * of another model of the same group must not compile; the right body compiles and `create`,
 * `run` resolve to a handle and a result. Run by `vitest run` (typecheck mode,
 * tsconfig.types.json): an `@ts-expect-error` whose line compiles fails the run.
 *
 * Each negative line differs from the positive one above it in one thing only, so that the
 * expected error can only be the one named. The "other model" field is one that another model
 * of the group declares and this one does not (from specs/).
 */
import { describe, expectTypeOf, test } from "vitest";
import type { TaskHandle, TaskResult } from "@linkmodel-sdk/runtime";
import * as gemini25 from "@linkmodel-sdk/gemini-2-5-flash-image";
import * as gemini3 from "@linkmodel-sdk/gemini-3-pro-image-preview";
import * as happyhorse from "@linkmodel-sdk/happyhorse-1-0";
import * as kling from "@linkmodel-sdk/kling-v3";
import * as hailuo from "@linkmodel-sdk/minimax-hailuo-02";
import * as seedance from "@linkmodel-sdk/seedance-2-0";
import * as seedream from "@linkmodel-sdk/seedream-4-0";
import * as sora from "@linkmodel-sdk/sora-2";
import * as wan from "@linkmodel-sdk/wan2-6";

describe("wan2.6", () => {
  const c = wan.createClient();
  test("a valid body compiles; create and run resolve to a handle and a result", () => {
    expectTypeOf(c.create({ prompt: "p", resolution: "720P", duration: 10 })).resolves.toEqualTypeOf<TaskHandle>();
    expectTypeOf(c.run({ prompt: "p", model: "wan2.6" })).resolves.toEqualTypeOf<TaskResult<"video">>();
    expectTypeOf<wan.Wan26Request["duration"]>().toEqualTypeOf<5 | 10 | 15 | undefined>();
  });
  test("a wrong enum value, a missing field, another model's field do not compile", () => {
    // @ts-expect-error duration is 5 | 10 | 15
    void c.create({ prompt: "p", resolution: "720P", duration: 7 });
    // @ts-expect-error prompt is required
    void c.create({ resolution: "720P", duration: 10 });
    // @ts-expect-error size is sora-2's
    void c.create({ prompt: "p", resolution: "720P", size: "1280x720" });
    // @ts-expect-error model is wan2.6's own id
    void c.run({ prompt: "p", model: "sora-2" });
  });
});

describe("sora-2", () => {
  const c = sora.createClient();
  test("a valid body compiles; create and run resolve to a handle and a result", () => {
    expectTypeOf(c.create({ prompt: "p", size: "1280x720", duration: 8 })).resolves.toEqualTypeOf<TaskHandle>();
    expectTypeOf(c.run({ prompt: "p", model: "sora-2" })).resolves.toEqualTypeOf<TaskResult<"video">>();
  });
  test("a wrong enum value, a missing field, another model's field do not compile", () => {
    // sora-2's only enum is its model id.
    // @ts-expect-error model is "sora-2"
    void c.create({ prompt: "p", size: "1280x720", model: "sora-3" });
    // @ts-expect-error prompt is required
    void c.create({ size: "1280x720", duration: 8 });
    // @ts-expect-error resolution is wan2.6's
    void c.create({ prompt: "p", size: "1280x720", resolution: "720P" });
  });
});

describe("kling-v3", () => {
  const c = kling.createClient();
  test("a valid body compiles; create and run resolve to a handle and a result", () => {
    expectTypeOf(c.create({ prompt: "p", resolution: "1080P", "extends.audio": true })).resolves.toEqualTypeOf<TaskHandle>();
    expectTypeOf(c.run({ prompt: "p", resolution: "720P" })).resolves.toEqualTypeOf<TaskResult<"video">>();
  });
  test("a wrong enum value, a missing field, another model's field do not compile", () => {
    // @ts-expect-error resolution is 1080P | 720P
    void c.create({ prompt: "p", resolution: "4K", "extends.audio": true });
    // @ts-expect-error resolution is required
    void c.create({ prompt: "p", "extends.audio": true });
    // @ts-expect-error audio_url is wan2.6's
    void c.create({ prompt: "p", resolution: "1080P", audio_url: "https://example.com/a.mp3" });
  });
});

describe("MiniMax-Hailuo-02", () => {
  const c = hailuo.createClient();
  test("a valid body compiles; create and run resolve to a handle and a result", () => {
    expectTypeOf(c.create({ prompt: "p", resolution: "768P", duration: 6 })).resolves.toEqualTypeOf<TaskHandle>();
    expectTypeOf(c.run({ prompt: "p", model: "MiniMax-Hailuo-02" })).resolves.toEqualTypeOf<TaskResult<"video">>();
  });
  test("a wrong enum value, a missing field, another model's field do not compile", () => {
    // @ts-expect-error resolution is 1080P | 512P | 768P
    void c.create({ prompt: "p", resolution: "720P", duration: 6 });
    // @ts-expect-error prompt is required
    void c.create({ resolution: "768P", duration: 6 });
    // @ts-expect-error size is kling-v3's
    void c.create({ prompt: "p", resolution: "768P", size: "16x9" });
  });
});

describe("seedance-2-0", () => {
  const c = seedance.createClient();
  test("a valid body compiles; create and run resolve to a handle and a result", () => {
    expectTypeOf(c.create({ prompt: "p", resolution: "480P", duration: 13 })).resolves.toEqualTypeOf<TaskHandle>();
    expectTypeOf(c.run({ prompt: "p", audios: ["https://example.com/a.mp3"] })).resolves.toEqualTypeOf<TaskResult<"video">>();
  });
  test("a wrong enum value, a missing field, another model's field do not compile", () => {
    // @ts-expect-error duration is 4..13
    void c.create({ prompt: "p", resolution: "480P", duration: 15 });
    // @ts-expect-error prompt is required
    void c.create({ resolution: "480P", duration: 13 });
    // @ts-expect-error audio_url is wan2.6's
    void c.create({ prompt: "p", resolution: "480P", audio_url: "https://example.com/a.mp3" });
  });
});

describe("happyhorse-1.0", () => {
  const c = happyhorse.createClient();
  test("a valid body compiles; create and run resolve to a handle and a result", () => {
    expectTypeOf(c.create({ prompt: "p", size: "16:9", resolution: "720P" })).resolves.toEqualTypeOf<TaskHandle>();
    // The spec requires only `model`, which the client fills in: an empty body is a valid create.
    expectTypeOf(c.run({})).resolves.toEqualTypeOf<TaskResult<"video">>();
  });
  test("a wrong enum value, a missing field, another model's field do not compile", () => {
    // @ts-expect-error size uses ":" here (16:9), not kling's "16x9"
    void c.create({ prompt: "p", size: "16x9", resolution: "720P" });
    // The one required field, model, is filled in by the client but required in the request type.
    // @ts-expect-error model is required
    const body: happyhorse.Happyhorse10Request = { prompt: "p", size: "16:9" };
    void body;
    // @ts-expect-error last_frame_image is kling-v3's
    void c.create({ prompt: "p", size: "16:9", last_frame_image: "https://example.com/b.png" });
  });
});

describe("seedream-4.0", () => {
  const c = seedream.createClient();
  test("a valid body compiles; create and run resolve to a handle and a result", () => {
    expectTypeOf(c.create({ prompt: "p", quality: "4K", max_images: 15 })).resolves.toEqualTypeOf<TaskHandle>();
    expectTypeOf(c.run({ prompt: "p", model: "seedream-4.0" })).resolves.toEqualTypeOf<TaskResult<"image">>();
  });
  test("a wrong enum value, a missing field, another model's field do not compile", () => {
    // @ts-expect-error max_images is 1..15
    void c.create({ prompt: "p", quality: "4K", max_images: 16 });
    // @ts-expect-error prompt is required
    void c.create({ quality: "4K", max_images: 15 });
    // seedream-4.0 declares every field the other image models have: a video model's field instead.
    // @ts-expect-error duration is a video field (wan2.6, sora-2, ...)
    void c.create({ prompt: "p", quality: "4K", duration: 5 });
  });
});

describe("gemini-2.5-flash-image", () => {
  const c = gemini25.createClient();
  test("a valid body compiles; create and run resolve to a handle and a result", () => {
    expectTypeOf(c.create({ prompt: "p", quality: "1K", size: "21x9" })).resolves.toEqualTypeOf<TaskHandle>();
    expectTypeOf(c.run({ prompt: "p", images: ["https://example.com/a.png"] })).resolves.toEqualTypeOf<TaskResult<"image">>();
  });
  test("a wrong enum value, a missing field, another model's field do not compile", () => {
    // @ts-expect-error quality is only 1K here (2K is gemini-3-pro's)
    void c.create({ prompt: "p", quality: "2K", size: "21x9" });
    // @ts-expect-error prompt is required
    void c.create({ quality: "1K", size: "21x9" });
    // @ts-expect-error max_images is seedream-4.0's
    void c.create({ prompt: "p", quality: "1K", max_images: 2 });
  });
});

describe("gemini-3-pro-image-preview", () => {
  const c = gemini3.createClient();
  test("a valid body compiles; create and run resolve to a handle and a result", () => {
    expectTypeOf(c.create({ prompt: "p", quality: "4K", size: "4x5" })).resolves.toEqualTypeOf<TaskHandle>();
    expectTypeOf(c.run({ prompt: "p", model: "gemini-3-pro-image-preview" })).resolves.toEqualTypeOf<TaskResult<"image">>();
  });
  test("a wrong enum value, a missing field, another model's field do not compile", () => {
    // @ts-expect-error size is a ratio with "x" (4x5), not "4:5"
    void c.create({ prompt: "p", quality: "4K", size: "4:5" });
    // @ts-expect-error prompt is required
    void c.create({ quality: "4K", size: "4x5" });
    // @ts-expect-error max_images is seedream-4.0's
    void c.create({ prompt: "p", quality: "4K", max_images: 2 });
  });
});
