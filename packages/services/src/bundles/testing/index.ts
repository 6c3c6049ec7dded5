// `@gatehouse/services/testing`: helpers for tests in other packages (never imported by apps).
export { type ServedHandler, serveHandler } from "./serve-handler.ts";
export { serveInternalBundlesApi } from "./serve-internal-api.ts";
