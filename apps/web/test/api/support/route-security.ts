// The security tests every /api/v1 route family runs (idea: unkey's runCommonRouteTests). Each
// `*.security.integration.test.ts` describes its routes once; this helper then checks, per route:
//   no credentials → 401 · a wrong key → 401 · a revoked key → 401 · an identity token → 401 ·
//   every role the route does not allow → 403 · every role it allows → 2xx (the role matrix) ·
//   another org's id → 404 with nothing but the error · an invalid body → 400 naming the fields.
import type { Role } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiDeps } from "../../../src/server/api/deps";
import { type ApiHarness, ROLES, type Tenants, createTenants, startApi } from "./api-harness";

export type PreparedRequest = { path: string; body?: unknown };

export type RouteSpec = {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  /** A fresh request in org A (create what the route acts on here: allowed roles consume it). */
  prepare: (h: ApiHarness, t: Tenants) => Promise<PreparedRequest>;
  /** Roles that may call the route; every other role must get 403. */
  allowed: readonly Role[];
  /** The same request naming org B's resource, sent with org A's admin key: must be a 404. */
  foreign?: (h: ApiHarness, t: Tenants) => Promise<PreparedRequest>;
  /** An invalid body for `prepare`'s path and the field paths its 400 must name. */
  invalid?: { body: unknown; paths: string[] };
  /** The success status for allowed roles (default: any 2xx). */
  status?: number;
};

export const EVERYONE: readonly Role[] = ROLES;
export const ADMINS: readonly Role[] = ["admin"];

/** `deps`: extra API dependencies the family needs (e.g. the approvals state). */
export function describeRouteSecurity(family: string, routes: Record<string, RouteSpec>, deps?: () => Partial<ApiDeps>): void {
  describe(`${family}: route security`, () => {
    let h: ApiHarness;
    let t: Tenants;
    beforeAll(async () => {
      h = await startApi(deps?.());
      t = await createTenants(h.db);
    });
    afterAll(async () => h?.close());

    for (const [name, spec] of Object.entries(routes)) {
      describe(`${spec.method} ${name}`, () => {
        const send = async (credentials: { key?: string }, prepared?: PreparedRequest) => {
          const request = prepared ?? (await spec.prepare(h, t));
          return h.call(spec.method, request.path, { ...credentials, ...(request.body !== undefined ? { body: request.body } : {}) });
        };

        it("refuses a request without credentials with 401, the envelope and a request id", async () => {
          const res = await send({});
          expect(res.status).toBe(401);
          expect(res.headers.get("www-authenticate")).toBe("Bearer");
          expect(res.headers.get("x-request-id")).toBeTruthy();
          expect(res.body).toEqual({ error: { code: "unauthorized", message: expect.any(String), requestId: res.headers.get("x-request-id") } });
        });

        it("refuses a wrong, a revoked and an identity token with 401", async () => {
          for (const key of ["gthk_not-a-real-key", t.orgA.revokedKey, t.orgA.identityToken, "garbage"]) {
            const res = await send({ key });
            expect(res.status, `key ${key.slice(0, 8)}…`).toBe(401);
            expect(res.body.error.code).toBe("unauthorized");
          }
        });

        for (const role of ROLES) {
          const allowed = spec.allowed.includes(role);
          it(`${allowed ? "lets" : "refuses with 403"} a ${role}`, async () => {
            const res = await send({ key: t.orgA.keys[role] });
            if (allowed) {
              if (spec.status) expect(res.status, res.text).toBe(spec.status);
              else expect(res.status, res.text).toBeGreaterThanOrEqual(200);
              expect(res.status, res.text).toBeLessThan(300);
            } else {
              expect(res.status, res.text).toBe(403);
              expect(res.body.error.code).toBe("forbidden");
            }
          });
        }

        if (spec.foreign) {
          it("answers another org's id with 404 and no data", async () => {
            const foreign = await spec.foreign?.(h, t);
            const res = await send({ key: t.orgA.keys.admin }, foreign);
            expect(res.status, res.text).toBe(404);
            expect(Object.keys(res.body)).toEqual(["error"]);
            expect(res.body.error.code).toBe("not_found");
          });
        }

        if (spec.invalid) {
          const invalid = spec.invalid;
          it(`refuses an invalid body with 400 naming ${invalid.paths.join(", ")}`, async () => {
            const { path } = await spec.prepare(h, t);
            const res = await send({ key: t.orgA.keys.admin }, { path, body: invalid.body });
            expect(res.status, res.text).toBe(400);
            expect(res.body.error.code).toBe("validation_failed");
            const paths = (res.body.error.details as { path: string }[]).map((d) => d.path);
            for (const p of invalid.paths) expect(paths).toContain(p);
          });
        }
      });
    }
  });
}
