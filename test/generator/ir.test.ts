/**
 * IR snapshots of small feature fixtures, one feature each: a change of meaning shows here,
 * apart from changes of layout in the generated files.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { inspectCatalogue, lint } from "../../generator/pipeline.js";
import { ROOT } from "../helpers/workspace.js";

const FIXTURES = join(ROOT, "test/fixtures/specs");
const SNAPSHOTS = join(ROOT, "test/snapshots/ir");
const features = readdirSync(FIXTURES).sort();

describe("IR of feature fixtures", () => {
  test.each(features)("%s", async (feature) => {
    const { models, diagnostics } = inspectCatalogue(join(FIXTURES, feature));
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(models).toHaveLength(1);
    await expect(`${JSON.stringify(models[0], null, 2)}\n`).toMatchFileSnapshot(join(SNAPSHOTS, `${feature}.json`));
  });

  test("no orphaned snapshot", () => {
    const snapshots = readdirSync(SNAPSHOTS).map((f) => f.replace(/\.json$/, "")).sort();
    expect(snapshots).toEqual(features);
  });

  // Focused assertions on what each feature is for, so a snapshot accepted by mistake still fails.
  test("ratio strings stay strings (YAML 1.2), not sexagesimal numbers", () => {
    const [model] = inspectCatalogue(join(FIXTURES, "ratio-strings")).models;
    expect(model!.request.fields.find((f) => f.name === "size")!.enum).toEqual(["16:9", "9:16", "1:1"]);
  });

  test("dotted names are kept exactly, and worth a lint warning", () => {
    const [model] = inspectCatalogue(join(FIXTURES, "dotted-names")).models;
    expect(model!.request.fields.map((f) => f.name)).toEqual(["model", "extends", "extends.audio", "extends.cfg_scale"]);
    expect(lint(join(FIXTURES, "dotted-names")).diagnostics.map((d) => d.code)).toEqual(["LM901", "LM901"]);
  });

  test("$ref is inlined", () => {
    const [model] = inspectCatalogue(join(FIXTURES, "ref")).models;
    expect(model!.request.fields.find((f) => f.name === "image")).toMatchObject({ format: "url", description: "A reference image.", required: false });
    expect(JSON.stringify(model!.request.schema)).not.toContain("$ref");
  });

  test("a model id from the title when `model` is no single-value enum (with a warning)", () => {
    const [model] = inspectCatalogue(join(FIXTURES, "model-optional")).models;
    expect(model).toMatchObject({ id: "Optional-Model.2", slug: "optional-model-2", pascal: "OptionalModel2" });
    expect(lint(join(FIXTURES, "model-optional")).diagnostics.map((d) => d.code)).toEqual(["LM903"]);
  });

  test("facts table: provider, tasks, price and pricing link; the prose without the table", () => {
    const [model] = inspectCatalogue(join(FIXTURES, "facts-table")).models;
    expect(model).toMatchObject({
      provider: "Acme Labs",
      tasks: ["text-to-video", "image-to-video"],
      price: { amount: 0.12, currency: "USD", unit: "second" },
      pricingUrl: "https://example.test/pricing",
      description: "A model that says who makes it.",
    });
    // Without a table the provider comes from the operation's tags.
    expect(inspectCatalogue(join(FIXTURES, "minimal")).models[0]).toMatchObject({ provider: "Acme", tasks: [], price: null });
  });

  test("polling schedule: read from the query spec, else the documented default", () => {
    expect(inspectCatalogue(join(FIXTURES, "minimal")).models[0]).toMatchObject({
      schedule: { phases: [{ fromMs: 0, intervalMs: null }, { fromMs: 20_000, intervalMs: 4_000 }], deadlineMs: 300_000 },
      scheduleFromSpec: true,
    });
    const fallback = inspectCatalogue(join(FIXTURES, "schedule-default")).models[0]!;
    expect(lint(join(FIXTURES, "schedule-default")).diagnostics).toEqual([
      expect.objectContaining({ code: "LM905", severity: "warning", location: expect.objectContaining({ file: "video/_query.yaml" }) }),
    ]);
    expect(fallback.scheduleFromSpec).toBe(false);
    expect(fallback.schedule.deadlineMs).toBe(900_000);
    expect(fallback.schedule.phases[1]).toEqual({ fromMs: 30_000, intervalMs: 5_000 });
  });

  test("the real query specs' schedules match LINKMODEL.md", () => {
    const models = inspectCatalogue(join(ROOT, "specs")).models;
    const video = models.find((m) => m.group === "video")!;
    const image = models.find((m) => m.group === "image")!;
    expect(video.scheduleFromSpec && image.scheduleFromSpec).toBe(true);
    expect(video.schedule.phases.map((p) => [p.fromMs / 1000, p.intervalMs && p.intervalMs / 1000])).toEqual([
      [0, null],
      [30, 5],
      [120, 3],
      [240, 8],
      [480, 15],
    ]);
    expect(image.schedule.phases.map((p) => [p.fromMs / 1000, p.intervalMs && p.intervalMs / 1000])).toEqual([
      [0, null],
      [10, 3],
      [60, 6],
      [180, 10],
    ]);
    expect([video.schedule.deadlineMs, image.schedule.deadlineMs]).toEqual([900_000, 900_000]);
  });
});
