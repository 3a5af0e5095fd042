/**
 * Public entry of the LinkModel runtime (browser-safe): clients, errors, handles and the
 * model contract. The Node-only download helper is in `./node.js`, the helpers the generated
 * validators import in `./validators.js` (`@linkmodel-sdk/runtime/validators`), not here.
 */
export * from "./model.js";
export * from "./errors.js";
export { parseHandle, type TaskHandle } from "./handle.js";
export { type CallOptions, type ClientOptions, type Logger } from "./transport.js";
export { sleep, type Clock } from "./timers.js";
export {
  createModelClient,
  nextPollDelay,
  type CreateBody,
  type CreateOptions,
  type ModelClient,
  type RunOptions,
  type TaskResult,
  type TaskState,
  type WaitOptions,
  type WaitProgress,
} from "./client.js";
export {
  createCatalogueClient,
  type AnyBinding,
  type CatalogueClient,
  type GroupBody,
  type GroupClient,
  type RequestOf,
} from "./catalogue.js";
export { apiKeyFromEnv } from "./env.js";
export { createTypedTransport, type TransportOptions } from "./typed.js";
