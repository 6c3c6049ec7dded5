// What tests (and a future combined runner) use: the ingestion loop and its parts.
export { type IngestOptions, ingestDecisions } from "./decisions/ingest-decisions.ts";
export { parseEntries } from "./decisions/parse-entries.ts";
export { storeDecisions } from "./decisions/store-decisions.ts";
export { type StreamRef, ensureGroup } from "./decisions/stream.ts";
export { type DiscoveryDeps, discoveryHandlers } from "./discovery/discovery-jobs.ts";
