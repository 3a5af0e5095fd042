/**
 * A loopback stand-in for the LinkModel API, for tests that run a whole task from outside
 * this repo (packed packages, the example consumer): creates answer with a task id, and a
 * task reports Processing on its first poll and Success on the next, with a result URL in
 * the shape of its group (video `file_url`, image `output_images`). Every request is recorded.
 *
 * Test-only, kept beside `@linkmodel-sdk/testing` (issue 18) for pack-install.test.ts: the
 * packed projects there install only the tarballs they test (the catalogue, or the runtime and
 * one model), and the mock must stay independent of what is being installed and checked. The
 * example consumer's test uses the product mock.
 */
import { serve } from "../runtime/helpers.js";

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: unknown;
}

export interface MockApi {
  /** Base URL to give a client: `http://127.0.0.1:<port>/api/v1`. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts the mock; only `Bearer <apiKey>` is accepted. */
export async function startMockApi(apiKey: string): Promise<MockApi> {
  const requests: RecordedRequest[] = [];
  const polls = new Map<string, number>();
  let tasks = 0;
  const server = await serve((req, res, text) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const body = text === "" ? undefined : (JSON.parse(text) as unknown);
    requests.push({ method: req.method ?? "", path: url.pathname, authorization: req.headers.authorization, body });
    const reply = (status: number, payload: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(payload));
    };
    if (req.headers.authorization !== `Bearer ${apiKey}`) return reply(401, { code: 401, msg: "invalid api key", data: {}, request_id: "req-auth" });
    const create = /^\/api\/v1\/(video|image)-generation$/.exec(url.pathname);
    if (req.method === "POST" && create) {
      const taskId = `task-${create[1]}-${++tasks}`;
      return reply(200, { code: 0, msg: "success", request_id: `req-${tasks}`, data: { task_id: taskId, order_id: `order-${tasks}`, status: "processing", price: 0.5 } });
    }
    const query = /^\/api\/v1\/query\/(video|image)-generation$/.exec(url.pathname);
    const taskId = url.searchParams.get("task_id");
    if (req.method === "GET" && query && taskId) {
      const seen = (polls.get(taskId) ?? 0) + 1;
      polls.set(taskId, seen);
      const result = query[1] === "video" ? { file_url: `https://files.example/${taskId}.mp4` } : { output_images: [`https://files.example/${taskId}.png`] };
      const data = seen === 1 ? { task_id: taskId, status: "Processing" } : { task_id: taskId, status: "Success", ...result };
      return reply(200, { code: 0, message: "success", request_id: `req-poll-${seen}`, data });
    }
    reply(404, { code: 404, msg: `no route ${req.method} ${url.pathname}`, data: {} });
  });
  return { baseUrl: `${server.url}/api/v1`, requests, close: () => server.close() };
}
