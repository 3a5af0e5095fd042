/**
 * Contract tests against Prism mocks of the specs (an independent implementation, on
 * loopback): a create through every model package, and a create and a full `run` of every
 * model through the catalogue client. Prism checks each request against the model's spec
 * (a body it rejects gets the spec's 400, which our client throws) and answers from the spec's
 * examples; the handle and result must carry exactly those examples.
 *
 * The catalogue client has one base URL, so it talks to a small loopback router that sends a
 * create to the Prism of the model its body names, and a poll to its group's query Prism.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { load } from "js-yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ClientOptions, CreateBody, ModelClient, ModelInfo, PollSchedule, TaskHandle } from "@linkmodel-sdk/runtime";
import { createLinkModel } from "@linkmodel-sdk/catalogue";
import * as gemini25 from "@linkmodel-sdk/gemini-2-5-flash-image";
import * as gemini3 from "@linkmodel-sdk/gemini-3-pro-image-preview";
import * as happyhorse from "@linkmodel-sdk/happyhorse-1-0";
import * as kling from "@linkmodel-sdk/kling-v3";
import * as hailuo from "@linkmodel-sdk/minimax-hailuo-02";
import * as seedance from "@linkmodel-sdk/seedance-2-0";
import * as seedream from "@linkmodel-sdk/seedream-4-0";
import * as sora from "@linkmodel-sdk/sora-2";
import * as wan from "@linkmodel-sdk/wan2-6";
import { startPrism, type PrismMocks } from "../helpers/prism.js";
import { ROOT } from "../helpers/workspace.js";

/** One model: its package's metadata and spec file, a valid body, and a create through its own package. */
interface Case {
  readonly info: ModelInfo;
  readonly spec: string;
  readonly body: Record<string, unknown>;
  create(options: ClientOptions): Promise<TaskHandle>;
}

/** A case whose body is type-checked against the package's own client. */
function modelCase<Req, Id extends string>(
  pkg: { readonly model: ModelInfo; readonly createClient: (o?: ClientOptions) => ModelClient<Req, Id> },
  spec: string,
  body: CreateBody<Req, Id>,
): Case {
  return { info: pkg.model, spec, body: body as Record<string, unknown>, create: (o) => pkg.createClient(o).create(body) };
}

const P = "A red panda riding a bicycle";
const IMG = "https://example.com/a.png";
const cases: Case[] = [
  modelCase(wan, "video/wan2-6.yaml", { prompt: P, resolution: "720P", duration: 5, first_frame_image: IMG }),
  modelCase(sora, "video/sora-2.yaml", { prompt: P, duration: 8, size: "1280x720" }),
  modelCase(kling, "video/kling-v3.yaml", { prompt: P, resolution: "1080P", duration: 3 }),
  modelCase(hailuo, "video/minimax-hailuo-02.yaml", { prompt: P, resolution: "768P", duration: 6 }),
  modelCase(seedance, "video/seedance-2-0.yaml", { prompt: P, resolution: "480P", duration: 4 }),
  modelCase(happyhorse, "video/happyhorse-1-0.yaml", { prompt: P, size: "16:9", resolution: "720P" }),
  modelCase(seedream, "image/seedream-4-0.yaml", { prompt: P, quality: "2K", max_images: 2, images: [IMG] }),
  modelCase(gemini25, "image/gemini-2-5-flash-image.yaml", { prompt: P, size: "1x1", quality: "1K" }),
  modelCase(gemini3, "image/gemini-3-pro-image-preview.yaml", { prompt: P, size: "4x5", quality: "4K" }),
];
const queries = { video: "video/_query.yaml", image: "image/_query.yaml" } as const;

// The `example` of each property of a 200 answer's `data`, as the spec declares it (Prism's source).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
// `request_id` is the envelope's own.
function examples(spec: string): Record<string, unknown> {
  const doc = load(readFileSync(join(ROOT, "specs", spec), "utf8")) as Json;
  const op = Object.values(doc.paths as Record<string, Json>)[0];
  const envelope = (op.post ?? op.get).responses["200"].content["application/json"].schema.properties;
  const data = Object.entries(envelope.data.properties as Record<string, Json>).map(([k, v]) => [k, v.example]);
  return Object.fromEntries([...data, ["request_id", envelope.request_id.example]]);
}

const KEY = "lm-test-key";
// Poll at once and then every 10 ms: the contract is the exchange, not the schedule.
const FAST: PollSchedule = { phases: [{ fromMs: 0, intervalMs: 10 }], deadlineMs: 10_000 };
let prism: PrismMocks | undefined;
let router: Server | undefined;
let routerUrl = "";
/** Which mock each request went to, `METHOD path -> spec`. */
const routed: string[] = [];

beforeAll(async () => {
  prism = await startPrism([...cases.map((c) => `specs/${c.spec}`), `specs/${queries.video}`, `specs/${queries.image}`]);
  const urls = prism.urls;
  const upstream = (req: IncomingMessage, body: string): { url: string; spec: string } | undefined => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const group = (["video", "image"] as const).find((g) => path === `/${g}-generation` || path === `/query/${g}-generation`);
    if (!group) return undefined;
    if (path.startsWith("/query/")) return { url: urls[cases.length + (group === "video" ? 0 : 1)]!, spec: queries[group] };
    let model: unknown;
    try {
      model = (JSON.parse(body) as { model?: unknown }).model;
    } catch {
      return undefined;
    }
    const i = cases.findIndex((c) => c.info.id === model && c.info.group === group);
    return i < 0 ? undefined : { url: urls[i]!, spec: cases[i]!.spec };
  };
  router = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const to = upstream(req, body);
      if (!to) {
        res.writeHead(404).end();
        return;
      }
      routed.push(`${req.method} ${new URL(req.url!, "http://x").pathname} -> ${to.spec}`);
      const headers: Record<string, string> = {};
      for (const h of ["authorization", "content-type"]) if (typeof req.headers[h] === "string") headers[h] = req.headers[h];
      fetch(to.url + req.url, { method: req.method!, headers, ...(req.method === "POST" && { body }) })
        .then(async (r) => res.writeHead(r.status, { "content-type": r.headers.get("content-type") ?? "application/json" }).end(await r.text()))
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => router!.listen(0, "127.0.0.1", resolve));
  routerUrl = `http://127.0.0.1:${(router.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  router?.closeAllConnections();
  await new Promise((resolve) => (router ? router.close(resolve) : resolve(undefined)));
  await prism?.stop();
});

/** The handle a create answered from the spec's examples must carry. */
function expectHandle(handle: TaskHandle, c: Case, since: number): void {
  const ex = examples(c.spec);
  expect(handle).toMatchObject({ taskId: ex["task_id"], orderId: ex["order_id"], price: ex["price"], requestId: ex["request_id"], model: c.info.id, group: c.info.group });
  expect(handle.taskId).toEqual(expect.any(String));
  expect(Date.parse(handle.createdAt)).toBeGreaterThanOrEqual(since - 1000);
  // A handle is plain JSON: it survives a round trip unchanged.
  expect(JSON.parse(JSON.stringify(handle))).toEqual(handle);
}

describe("create through every model package", () => {
  test.each(cases.map((c, i) => [c.info.id, c, i] as const))("%s", async (_id, c, i) => {
    const since = Date.now();
    const handle = await c.create({ baseUrl: prism!.urls[i]!, apiKey: KEY });
    expectHandle(handle, c, since);
  });

  // Prism answers with another documented response when asked (`Prefer: code=…`): each of the
  // spec's error examples must become its typed error, saying whether a task was created.
  test.each([
    [400, wan.BadRequestError, "not_created"],
    [401, wan.AuthenticationError, "not_created"],
    [500, wan.InsufficientBalanceError, "not_created"],
  ] as const)("the spec's %i example becomes its typed error", async (code, type, outcome) => {
    const prefer = (r: Request): Promise<Response> => {
      r.headers.set("Prefer", `code=${code}`);
      return fetch(r);
    };
    const msg = (load(readFileSync(join(ROOT, "specs", cases[0]!.spec), "utf8")) as Json).paths["/video-generation"].post.responses[String(code)]
      .content["application/json"].schema.properties.msg.example as string;
    const err = await wan.createClient({ baseUrl: prism!.urls[0]!, apiKey: KEY, fetch: prefer }).create(cases[0]!.body as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
    expect(err).toMatchObject({ status: code, code, createOutcome: outcome });
    expect((err as Error).message).toContain(msg);
    expect((err as Error).message).not.toContain(KEY);
  });
});

describe("the catalogue client", () => {
  test.each(cases.map((c) => [c.info.id, c] as const))("%s: create and run", async (_id, c) => {
    const lm = createLinkModel({ baseUrl: routerUrl, apiKey: KEY });
    const group = lm[c.info.group];
    // The bodies are checked per model above; here the model is chosen by a string at runtime.
    const body = { ...c.body, model: c.info.id } as never;
    const since = Date.now();
    routed.length = 0; // what this model's calls did, not what an earlier model's did
    const handle = await group.create(body);
    expectHandle(handle, c, since);
    expect(routed).toEqual([`POST /${c.info.group}-generation -> ${c.spec}`]);

    const q = examples(queries[c.info.group]);
    const result = await group.run(body, { schedule: FAST });
    const urls = c.info.group === "video" ? [q["file_url"]] : q["output_images"];
    expect(result).toMatchObject({ status: "Success", urls, handle: { taskId: handle.taskId, model: c.info.id } });
    expect(c.info.group === "video" ? result.fileUrl : result.outputImages).toEqual(c.info.group === "video" ? q["file_url"] : q["output_images"]);
    expect(routed.slice(1)).toContain(`POST /${c.info.group}-generation -> ${c.spec}`);
    expect(routed.filter((r) => r.startsWith("GET "))).not.toEqual([]);
    expect(routed.filter((r) => r.startsWith("GET ")).every((r) => r === `GET /query/${c.info.group}-generation -> ${queries[c.info.group]}`)).toBe(true);
  });
});
