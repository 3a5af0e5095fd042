/**
 * Type tests of the catalogue client: `createLinkModel().video.create({ model: "…", … })` takes
 * exactly the body of the model it names. For every model, a wrong enum value, a missing
 * required field and another model's field must not compile, through the group client and
 * through `models[id]`; a model of the other group, or no model at all, must not either.
 * Each negative line differs from the positive one above it in one thing only.
 */
import { describe, expectTypeOf, test } from "vitest";
import type { TaskHandle, TaskResult } from "@linkmodel-sdk/runtime";
import { createLinkModel, type ImageRequest, type VideoRequest } from "@linkmodel-sdk/catalogue";

const lm = createLinkModel();
const { video, image } = lm;

describe("groups", () => {
  test("each group takes its own models' bodies and resolves to handles and results", () => {
    expectTypeOf(video.create).parameter(0).toEqualTypeOf<VideoRequest>();
    expectTypeOf(image.create).parameter(0).toEqualTypeOf<ImageRequest>();
    expectTypeOf(video.create({ model: "wan2.6", prompt: "p" })).resolves.toEqualTypeOf<TaskHandle>();
    expectTypeOf(image.run({ model: "seedream-4.0", prompt: "p" })).resolves.toEqualTypeOf<TaskResult<"image">>();
    expectTypeOf(video.run({ model: "wan2.6", prompt: "p" })).resolves.toEqualTypeOf<TaskResult<"video">>();
  });
  test("a model of the other group, an unknown model or none does not compile", () => {
    // @ts-expect-error wan2.6 is a video model
    void image.create({ model: "wan2.6", prompt: "p" });
    // @ts-expect-error seedream-4.0 is an image model
    void video.create({ model: "seedream-4.0", prompt: "p" });
    // @ts-expect-error no such model
    void video.create({ model: "wan9", prompt: "p" });
    // @ts-expect-error the catalogue needs model to choose
    void video.create({ prompt: "p" });
  });
});

describe("results and metadata", () => {
  test("a video result has its fileUrl, an image result its outputImages; models keep their literal id and group", async () => {
    const v = await video.run({ model: "wan2.6", prompt: "p" });
    expectTypeOf(v.fileUrl).toEqualTypeOf<string>();
    // @ts-expect-error a video result has no outputImages
    void v.outputImages.length;
    const i = await image.run({ model: "seedream-4.0", prompt: "p" });
    expectTypeOf(i.outputImages).toEqualTypeOf<string[]>();
    // @ts-expect-error an image result has no fileUrl
    void i.fileUrl.length;
    expectTypeOf(lm.models["seedream-4.0"].model.group).toEqualTypeOf<"image">();
    expectTypeOf(lm.models["seedream-4.0"].model.id).toEqualTypeOf<"seedream-4.0">();
    expectTypeOf(lm.models["wan2.6"].wait).returns.resolves.toEqualTypeOf<TaskResult<"video">>();
  });
});

describe("video models", () => {
  test("wan2.6", () => {
    expectTypeOf(video.create({ model: "wan2.6", prompt: "p", duration: 10 })).resolves.toEqualTypeOf<TaskHandle>();
    // @ts-expect-error duration is 5 | 10 | 15
    void video.create({ model: "wan2.6", prompt: "p", duration: 7 });
    // @ts-expect-error prompt is required
    void video.create({ model: "wan2.6", duration: 10 });
    // @ts-expect-error size is sora-2's
    void video.create({ model: "wan2.6", prompt: "p", size: "1280x720" });
    // @ts-expect-error the same through models[id]
    void lm.models["wan2.6"].create({ prompt: "p", size: "1280x720" });
  });
  test("sora-2", () => {
    expectTypeOf(video.create({ model: "sora-2", prompt: "p", size: "1280x720" })).resolves.toEqualTypeOf<TaskHandle>();
    // sora-2's only enum is its model id: a value of another model is another body (below).
    // @ts-expect-error prompt is required
    void video.create({ model: "sora-2", size: "1280x720" });
    // @ts-expect-error resolution is wan2.6's
    void video.create({ model: "sora-2", prompt: "p", resolution: "720P" });
    // @ts-expect-error model is sora-2's own id
    void lm.models["sora-2"].create({ model: "wan2.6", prompt: "p" });
  });
  test("kling-v3", () => {
    expectTypeOf(video.create({ model: "kling-v3", prompt: "p", resolution: "720P" })).resolves.toEqualTypeOf<TaskHandle>();
    // @ts-expect-error resolution is 1080P | 720P
    void video.create({ model: "kling-v3", prompt: "p", resolution: "4K" });
    // @ts-expect-error resolution is required
    void video.create({ model: "kling-v3", prompt: "p" });
    // @ts-expect-error audio_url is wan2.6's
    void video.create({ model: "kling-v3", prompt: "p", resolution: "720P", audio_url: "https://example.com/a.mp3" });
  });
  test("MiniMax-Hailuo-02", () => {
    expectTypeOf(video.create({ model: "MiniMax-Hailuo-02", prompt: "p", resolution: "512P" })).resolves.toEqualTypeOf<TaskHandle>();
    // @ts-expect-error resolution is 1080P | 512P | 768P
    void video.create({ model: "MiniMax-Hailuo-02", prompt: "p", resolution: "720P" });
    // @ts-expect-error prompt is required
    void video.create({ model: "MiniMax-Hailuo-02", resolution: "512P" });
    // @ts-expect-error size is kling-v3's
    void video.create({ model: "MiniMax-Hailuo-02", prompt: "p", resolution: "512P", size: "16x9" });
  });
  test("seedance-2-0", () => {
    expectTypeOf(video.create({ model: "seedance-2-0", prompt: "p", duration: 4 })).resolves.toEqualTypeOf<TaskHandle>();
    // @ts-expect-error duration is 4..13
    void video.create({ model: "seedance-2-0", prompt: "p", duration: 3 });
    // @ts-expect-error prompt is required
    void video.create({ model: "seedance-2-0", duration: 4 });
    // @ts-expect-error audio_url is wan2.6's
    void video.create({ model: "seedance-2-0", prompt: "p", duration: 4, audio_url: "https://example.com/a.mp3" });
  });
  test("happyhorse-1.0", () => {
    expectTypeOf(video.create({ model: "happyhorse-1.0", prompt: "p", size: "9:16" })).resolves.toEqualTypeOf<TaskHandle>();
    // @ts-expect-error size is 16:9 | 1:1 | ... with ":"
    void video.create({ model: "happyhorse-1.0", prompt: "p", size: "9x16" });
    // Its only required field is model: with it alone the body is complete, without it it is no body.
    expectTypeOf(video.create({ model: "happyhorse-1.0" })).resolves.toEqualTypeOf<TaskHandle>();
    // @ts-expect-error model is required
    void video.create({ prompt: "p", size: "9:16" });
    // @ts-expect-error last_frame_image is kling-v3's
    void video.create({ model: "happyhorse-1.0", prompt: "p", size: "9:16", last_frame_image: "https://example.com/b.png" });
  });
});

describe("image models", () => {
  test("seedream-4.0", () => {
    expectTypeOf(image.create({ model: "seedream-4.0", prompt: "p", max_images: 3 })).resolves.toEqualTypeOf<TaskHandle>();
    // @ts-expect-error max_images is 1..15
    void image.create({ model: "seedream-4.0", prompt: "p", max_images: 0 });
    // @ts-expect-error prompt is required
    void image.create({ model: "seedream-4.0", max_images: 3 });
    // @ts-expect-error duration is a video field (seedream-4.0 has every image field)
    void image.create({ model: "seedream-4.0", prompt: "p", duration: 5 });
  });
  test("gemini-2.5-flash-image", () => {
    expectTypeOf(image.create({ model: "gemini-2.5-flash-image", prompt: "p", quality: "1K" })).resolves.toEqualTypeOf<TaskHandle>();
    // @ts-expect-error quality is only 1K here
    void image.create({ model: "gemini-2.5-flash-image", prompt: "p", quality: "4K" });
    // @ts-expect-error prompt is required
    void image.create({ model: "gemini-2.5-flash-image", quality: "1K" });
    // @ts-expect-error max_images is seedream-4.0's
    void image.create({ model: "gemini-2.5-flash-image", prompt: "p", quality: "1K", max_images: 2 });
  });
  test("gemini-3-pro-image-preview", () => {
    expectTypeOf(image.create({ model: "gemini-3-pro-image-preview", prompt: "p", quality: "4K" })).resolves.toEqualTypeOf<TaskHandle>();
    // @ts-expect-error quality is 1K | 2K | 4K
    void image.create({ model: "gemini-3-pro-image-preview", prompt: "p", quality: "8K" });
    // @ts-expect-error prompt is required
    void image.create({ model: "gemini-3-pro-image-preview", quality: "4K" });
    // @ts-expect-error max_images is seedream-4.0's
    void image.create({ model: "gemini-3-pro-image-preview", prompt: "p", quality: "4K", max_images: 2 });
  });
});
