// apiFetch against a real HTTP server: every way an answer can go wrong ends as one ApiError
// with the code, message, request id and details a screen needs.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldErrorsOf } from "../field-errors";
import { ApiError } from "./api-error";
import { apiFetch } from "./api-fetch";

let server: Server;
let origin: string;

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}

beforeAll(async () => {
  server = createServer((request, response) => {
    let text = "";
    request.on("data", (chunk) => {
      text += chunk;
    });
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://x");
      const answers: Record<string, () => { status: number; headers: Record<string, string>; body: string }> = {
        "/api/v1/echo": () =>
          json(200, { method: request.method, search: url.search, contentType: request.headers["content-type"] ?? null, body: text ? JSON.parse(text) : null }),
        "/api/v1/conflict": () =>
          json(409, { error: { code: "conflict", message: "A server with this name already exists.", requestId: "req_conflict" } }, { "x-request-id": "req_conflict" }),
        "/api/v1/invalid": () =>
          json(400, {
            error: {
              code: "validation_failed",
              message: "The request is invalid.",
              requestId: "req_invalid",
              details: [{ path: "tools.flux_edit_image.limits[0].max", message: "Use a positive number." }],
            },
          }),
        "/api/v1/html502": () => ({ status: 502, headers: { "content-type": "text/html", "x-request-id": "req_proxy" }, body: "<h1>Bad Gateway</h1>" }),
        "/api/v1/empty": () => ({ status: 204, headers: {}, body: "" }),
        "/api/v1/garbage": () => ({ status: 200, headers: { "content-type": "text/plain" }, body: "hello" }),
      };
      const answer = answers[url.pathname];
      if (url.pathname === "/api/v1/slow") return; // never answers: the abort test cancels it
      const { status, headers, body } = answer ? answer() : json(404, { error: { code: "not_found", message: "Not found.", requestId: "req_404" } });
      response.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe("apiFetch", () => {
  it("sends JSON and query parameters, leaving out empty filters", async () => {
    const answer = await apiFetch<{ method: string; search: string; contentType: string; body: unknown }>("/echo", {
      origin,
      method: "POST",
      body: { name: "Flux" },
      query: { limit: 50, cursor: null, serverId: undefined, tool: "flux edit" },
    });
    expect(answer).toEqual({ method: "POST", search: "?limit=50&tool=flux+edit", contentType: "application/json", body: { name: "Flux" } });
  });

  it("turns the error envelope into an ApiError with code, message and request id", async () => {
    const error = await failure(apiFetch("/conflict", { origin }));
    expect(error).toMatchObject({ status: 409, code: "conflict", message: "A server with this name already exists.", requestId: "req_conflict" });
    expect(fieldErrorsOf(error)).toEqual({ "": ["A server with this name already exists."] });
  });

  it("keeps validation details so a form can put each message at its field", async () => {
    const error = await failure(apiFetch("/invalid", { origin }));
    expect(error.code).toBe("validation_failed");
    expect(fieldErrorsOf(error)).toEqual({ "tools.flux_edit_image.limits[0].max": ["Use a positive number."] });
  });

  it("does not show a proxy's HTML error page, but keeps its request id", async () => {
    const error = await failure(apiFetch("/html502", { origin }));
    expect(error).toMatchObject({ status: 502, code: "unavailable", requestId: "req_proxy" });
    expect(error.message).not.toContain("Bad Gateway");
  });

  it("resolves a 204 to undefined and refuses a 200 that is not JSON", async () => {
    await expect(apiFetch("/empty", { origin, method: "DELETE" })).resolves.toBeUndefined();
    expect((await failure(apiFetch("/garbage", { origin }))).code).toBe("invalid_response");
  });

  it("reports an unreachable server as a network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(apiFetch("/anything", { origin: `http://127.0.0.1:${port}` }));
    expect(error).toMatchObject({ status: 0, code: "network_error" });
  });

  it("lets a cancelled request reject with the AbortError react-query expects", async () => {
    const controller = new AbortController();
    const pending = apiFetch("/slow", { origin, signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
  });
});
