/**
 * An example consumer of the generated packages, written as a user would: it imports the
 * catalogue client and two model packages by name, then runs one video and one image task.
 *
 *   LINKMODEL_API_KEY=… node dist/main.js
 *
 * LINKMODEL_BASE_URL points it at another server (the tests use a loopback mock), and
 * EXAMPLE_POLL_MS replaces the documented polling schedules with a fixed interval, so that a
 * demo against a mock does not wait the 30 s a real video needs before its first poll.
 */
import { createLinkModel, models, type VideoRequest } from "@linkmodel-sdk/catalogue";
import { createClient as createSeedream, validateRequest as validateSeedream } from "@linkmodel-sdk/seedream-4-0";
import { LinkModelError, type PollSchedule } from "@linkmodel-sdk/runtime";
import { model as wan } from "@linkmodel-sdk/wan2-6";

const baseUrl = process.env["LINKMODEL_BASE_URL"];
const pollMs = Number(process.env["EXAMPLE_POLL_MS"] ?? "");
const schedule: PollSchedule | undefined =
  pollMs > 0 ? { phases: [{ fromMs: 0, intervalMs: pollMs }], deadlineMs: 60_000 } : undefined;
const options = { ...(baseUrl !== undefined && { baseUrl }) };
const waitOptions = { ...(schedule !== undefined && { schedule }) };

async function main(): Promise<void> {
  // A video through the catalogue client: the model is one string; the compiler checks the rest.
  const linkmodel = createLinkModel(options);
  const video: VideoRequest = { model: "wan2.6", prompt: "a paper boat on a rainy street", duration: 5 };
  const clip = await linkmodel.video.run(video, {
    ...waitOptions,
    onProgress: (p) => console.error(`${wan.id}: ${p.status} after ${Math.round(p.elapsedMs)} ms`),
  });

  // An image through its own package, checked before it costs anything.
  const body = { prompt: "a lighthouse at dawn", size: "16x9", quality: "2K" } as const;
  const checked = validateSeedream({ ...body, model: "seedream-4.0" });
  if (!checked.ok) throw new Error(checked.issues.map((issue) => issue.message).join("; "));
  const seedream = createSeedream(options);
  const picture = await seedream.run(body, waitOptions);

  console.log(
    JSON.stringify({
      models: Object.keys(models).length,
      video: { taskId: clip.handle.taskId, model: clip.handle.model, url: clip.fileUrl ?? null },
      image: { taskId: picture.handle.taskId, model: picture.handle.model, urls: picture.outputImages ?? [] },
    }),
  );
}

main().catch((error: unknown) => {
  // LinkModel errors say what to do, and never include the key.
  console.error(error instanceof LinkModelError ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
