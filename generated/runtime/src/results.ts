/**
 * The result rules of each task group (LINKMODEL.md, "Results"): where the query answer's
 * `data` holds a finished task's URLs, `file_url` (one, video) or `output_images` (a list,
 * image; `data.images` echoes the inputs), and which `TaskResult` property carries them.
 *
 * The one home of this knowledge: the client reads results by it (`readResultUrls`), the mock
 * (`testing.ts`) answers by it, and the generator's docs describe it from `RESULT_RULES` and
 * `RESULT_WORDS`. Plain data and one pure function, importing only the pure `checks.ts`: the
 * generator's build compiles both beside its own (generator/build.mjs).
 */
import { nonEmptyString } from "./checks.js";
import type { TaskGroup } from "./model.js";

/** Where one group's result URLs are. */
export interface ResultRule {
  /** The field of the query answer's `data`: `file_url` or `output_images`. */
  readonly dataField: string;
  /** Whether that field is a list of URLs (image) rather than one URL (video). */
  readonly many: boolean;
  /** The `TaskResult` property that carries them: `fileUrl` or `outputImages`. */
  readonly property: "fileUrl" | "outputImages";
}

/** The result rule of every task group. */
export const RESULT_RULES: { readonly [G in TaskGroup]: ResultRule } = {
  video: { dataField: "file_url", many: false, property: "fileUrl" },
  image: { dataField: "output_images", many: true, property: "outputImages" },
};

/** What a group's result is, in words, for docs (no bundle carries these: only the generator reads them). */
export const RESULT_WORDS: { readonly [G in TaskGroup]: { readonly what: string; readonly note: string } } = {
  video: { what: "the video", note: "" },
  image: { what: "the generated images", note: "; `data.images` echoes the inputs" },
};

/** Result URLs as both groups report them, each group its own property. */
export interface ResultUrlFields {
  /** Every result URL: `[file_url]` for video, `output_images` for image. */
  readonly urls: string[];
  /** Video result (`data.file_url`). */
  readonly fileUrl?: string;
  /** Image results (`data.output_images`). */
  readonly outputImages?: string[];
}

/**
 * The result URLs of a finished task of group `G`: a video has its `fileUrl`, an image its
 * `outputImages` (`wait` refuses a success without them), so neither is optional there.
 */
export type ResultUrls<G extends TaskGroup = TaskGroup> = G extends "video"
  ? { readonly urls: string[]; /** Video result (`data.file_url`). */ readonly fileUrl: string; readonly outputImages?: never }
  : G extends "image"
    ? { readonly urls: string[]; /** Image results (`data.output_images`), at least one. */ readonly outputImages: string[]; readonly fileUrl?: never }
    : never;

/** Reads the result URLs of a query answer's `data` by its group's rule: only the group's own field counts, and only non-empty strings in it. */
export function readResultUrls(data: Record<string, unknown>, group: TaskGroup): ResultUrlFields {
  const { dataField, many, property } = RESULT_RULES[group];
  const value = data[dataField];
  const urls = (many ? (Array.isArray(value) ? value : []) : [value]).filter((url): url is string => !!nonEmptyString(url));
  return urls.length > 0 ? { urls, [property]: many ? urls : urls[0] } : { urls: [] };
}
