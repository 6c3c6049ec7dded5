// /api/v1/policies — policies, their immutable versions, publish and rollback, diff, validation,
// Intercept import and the simulator (API.md "Resources"). Thin: parse → verb → response.
import { createRoute, type z } from "@hono/zod-openapi";
import {
  checkPolicyDocument,
  createPolicy,
  createPolicyVersion,
  deletePolicy,
  diffPolicyVersions,
  getPolicy,
  importPolicy,
  listPolicies,
  listPolicyVersions,
  publishPolicyVersionNumber,
  simulatePolicy,
  updatePolicy,
} from "@gatehouse/services";
import {
  CreatePolicyInput,
  CreatePolicyVersionInput,
  IdParam,
  ImportPolicyInput,
  ImportPolicyResponse,
  PageQuery,
  PolicyDetailResponse,
  PolicyDiffQuery,
  PolicyDiffResponse,
  PolicyListQuery,
  PolicyResponse,
  PolicyVersionResponse,
  PolicyVersionSummary,
  PublishVersionInput,
  SimulateInput,
  SimulateResponse,
  UpdatePolicyInput,
  ValidatePolicyInput,
  ValidatePolicyResponse,
  VersionParams,
  pageOf,
} from "@gatehouse/shared";
import type { ApiApp } from "../app";
import { errors, json, jsonBody, noContent } from "../openapi";

const tags = ["Policies"];
const body = <T extends z.ZodType>(schema: T) => ({ body: jsonBody(schema) });

const list = createRoute({
  method: "get",
  path: "/api/v1/policies",
  tags,
  summary: "List policies",
  request: { query: PageQuery.extend(PolicyListQuery.shape) },
  responses: { 200: json(pageOf(PolicyResponse), "A page of policies, newest first."), ...errors(400) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/policies",
  tags,
  summary: "Create a policy for a server with its first version (policy managers)",
  request: body(CreatePolicyInput),
  responses: { 201: json(PolicyDetailResponse, "The policy."), ...errors(400, 403, 404, 409, 413) },
});

const validate = createRoute({
  method: "post",
  path: "/api/v1/policies/validate",
  tags,
  summary: "Validate a policy document: every error with its path",
  request: body(ValidatePolicyInput),
  responses: { 200: json(ValidatePolicyResponse, "Whether the document is valid, and its errors."), ...errors(400, 413) },
});

const importRoute = createRoute({
  method: "post",
  path: "/api/v1/policies/import",
  tags,
  summary: "Convert an Intercept YAML policy to a document (policy managers); nothing is stored",
  request: body(ImportPolicyInput),
  responses: { 200: json(ImportPolicyResponse, "The document and what could not be carried over."), ...errors(400, 403, 413) },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/policies/{id}",
  tags,
  summary: "One policy with its published and latest version",
  request: { params: IdParam },
  responses: { 200: json(PolicyDetailResponse, "The policy."), ...errors(404) },
});

const patch = createRoute({
  method: "patch",
  path: "/api/v1/policies/{id}",
  tags,
  summary: "Rename or describe a policy (policy managers)",
  request: { params: IdParam, ...body(UpdatePolicyInput) },
  responses: { 200: json(PolicyDetailResponse, "The policy."), ...errors(400, 403, 404, 409, 413) },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/policies/{id}",
  tags,
  summary: "Delete a policy no grant uses (policy managers)",
  request: { params: IdParam },
  responses: { ...noContent, ...errors(403, 404, 409) },
});

const versions = createRoute({
  method: "get",
  path: "/api/v1/policies/{id}/versions",
  tags,
  summary: "A policy's versions, highest number first",
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(pageOf(PolicyVersionSummary), "A page of versions."), ...errors(400, 404) },
});

const createVersion = createRoute({
  method: "post",
  path: "/api/v1/policies/{id}/versions",
  tags,
  summary: "Save a new version: a draft, or published at once (policy managers)",
  request: { params: IdParam, ...body(CreatePolicyVersionInput) },
  responses: { 201: json(PolicyVersionResponse, "The new version."), ...errors(400, 403, 404, 413) },
});

const publish = createRoute({
  method: "post",
  path: "/api/v1/policies/{id}/versions/{number}/publish",
  tags,
  summary: "Publish a version; an earlier one than the published is a rollback (policy managers)",
  request: { params: VersionParams, body: { required: false, content: { "application/json": { schema: PublishVersionInput } } } },
  responses: { 200: json(PolicyVersionResponse, "The version now enforced."), ...errors(400, 403, 404) },
});

const diff = createRoute({
  method: "get",
  path: "/api/v1/policies/{id}/diff",
  tags,
  summary: "Structural diff of two versions",
  request: { params: IdParam, query: PolicyDiffQuery },
  responses: { 200: json(PolicyDiffResponse, "Both versions and the changes from one to the other."), ...errors(400, 404) },
});

const simulate = createRoute({
  method: "post",
  path: "/api/v1/policies/{id}/simulate",
  tags,
  summary: "Decide calls (or replay past ones) with a draft, a version or the published version",
  description:
    "Replay decides the server's logged tools/call requests of the range again. Calls with captured arguments (the server's argument capture) are decided with their real values for admins and policy managers (`evaluatedWithArguments`); other calls only where the answer does not depend on argument values.",
  request: { params: IdParam, ...body(SimulateInput) },
  responses: { 200: json(SimulateResponse, "Decisions with the explain trace, and the replay report."), ...errors(400, 404, 413) },
});

export function policyRoutes(app: ApiApp): void {
  // GET /api/v1/policies — the org's policies (?serverId=)
  app.openapi(list, async (c) => c.json(await listPolicies(c.get("ctx"), c.req.valid("query")), 200));
  // POST /api/v1/policies — a policy and its first version
  app.openapi(create, async (c) => {
    const ctx = c.get("ctx");
    const { policy } = await createPolicy(ctx, c.req.valid("json"));
    return c.json(await getPolicy(ctx, { policyId: policy.id }), 201);
  });
  // POST /api/v1/policies/validate — check a document without storing it
  app.openapi(validate, async (c) => c.json(checkPolicyDocument(c.get("ctx"), c.req.valid("json")), 200));
  // POST /api/v1/policies/import — Intercept YAML → document
  app.openapi(importRoute, async (c) => c.json(importPolicy(c.get("ctx"), c.req.valid("json")), 200));
  // GET /api/v1/policies/{id}
  app.openapi(get, async (c) => c.json(await getPolicy(c.get("ctx"), { policyId: c.req.valid("param").id }), 200));
  // PATCH /api/v1/policies/{id}
  app.openapi(patch, async (c) => c.json(await updatePolicy(c.get("ctx"), { ...c.req.valid("json"), policyId: c.req.valid("param").id }), 200));
  // DELETE /api/v1/policies/{id}
  app.openapi(remove, async (c) => {
    await deletePolicy(c.get("ctx"), { policyId: c.req.valid("param").id });
    return c.body(null, 204);
  });
  // GET /api/v1/policies/{id}/versions
  app.openapi(versions, async (c) => c.json(await listPolicyVersions(c.get("ctx"), { ...c.req.valid("query"), policyId: c.req.valid("param").id }), 200));
  // POST /api/v1/policies/{id}/versions — save a draft or publish a new version
  app.openapi(createVersion, async (c) => c.json(await createPolicyVersion(c.get("ctx"), { ...c.req.valid("json"), policyId: c.req.valid("param").id }), 201));
  // POST /api/v1/policies/{id}/versions/{number}/publish — publish or roll back
  app.openapi(publish, async (c) => {
    const { id, number } = c.req.valid("param");
    const { note } = c.req.valid("json") ?? {};
    return c.json(await publishPolicyVersionNumber(c.get("ctx"), { policyId: id, number, ...(note ? { note } : {}) }), 200);
  });
  // GET /api/v1/policies/{id}/diff?from=&to=
  app.openapi(diff, async (c) => c.json(await diffPolicyVersions(c.get("ctx"), { policyId: c.req.valid("param").id, ...c.req.valid("query") }), 200));
  // POST /api/v1/policies/{id}/simulate — simulator and replay
  app.openapi(simulate, async (c) => c.json(await simulatePolicy(c.get("ctx"), { ...c.req.valid("json"), policyId: c.req.valid("param").id }), 200));
}
