/**
 * The result rules (runtime/src/results.ts) as a given/want table: a finished task's URLs are
 * read from its group's own field of the query answer's `data` only, non-empty strings only.
 */
import { expect, test } from "vitest";
import { readResultUrls } from "../../runtime/src/results.js";
import type { TaskGroup } from "../../runtime/src/model.js";

const VIDEO = "https://cdn.example.com/out.mp4";
const IMAGE_1 = "https://cdn.example.com/1.png";
const IMAGE_2 = "https://cdn.example.com/2.png";

const rows: { name: string; given: { group: TaskGroup; data: Record<string, unknown> }; want: unknown }[] = [
  { name: "a video's file_url", given: { group: "video", data: { file_url: VIDEO } }, want: { urls: [VIDEO], fileUrl: VIDEO } },
  { name: "a video reads no output_images", given: { group: "video", data: { output_images: [IMAGE_1] } }, want: { urls: [] } },
  { name: "a video's empty file_url is none", given: { group: "video", data: { file_url: "" } }, want: { urls: [] } },
  { name: "a video's file_url as a list is none", given: { group: "video", data: { file_url: [VIDEO] } }, want: { urls: [] } },
  {
    name: "an image's output_images, without empty strings or non-strings",
    given: { group: "image", data: { output_images: [IMAGE_1, "", 3, null, IMAGE_2] } },
    want: { urls: [IMAGE_1, IMAGE_2], outputImages: [IMAGE_1, IMAGE_2] },
  },
  { name: "an image reads no file_url", given: { group: "image", data: { file_url: VIDEO } }, want: { urls: [] } },
  { name: "an image's data.images echoes inputs: not results", given: { group: "image", data: { images: [IMAGE_1] } }, want: { urls: [] } },
  { name: "an image's output_images that is not a list is none", given: { group: "image", data: { output_images: IMAGE_1 } }, want: { urls: [] } },
];

test.each(rows)("$name", ({ given, want }) => {
  expect(readResultUrls(given.data, given.group)).toStrictEqual(want);
});
