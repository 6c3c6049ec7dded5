// /webhooks through the common security checks: admins only, another org's ids are 404.
import { ADMINS, describeRouteSecurity } from "./support/route-security";
import { createTestWebhook } from "./support/webhooks";

describeRouteSecurity("webhooks", {
  "/webhooks": { method: "GET", allowed: ADMINS, status: 200, prepare: async () => ({ path: "/webhooks" }) },
  "/webhooks (create)": {
    method: "POST",
    allowed: ADMINS,
    status: 201,
    prepare: async () => ({ path: "/webhooks", body: { url: "https://8.8.8.8/hooks", events: ["approval.requested"] } }),
    invalid: { body: { url: "", events: ["nope"] }, paths: ["url", "events[0]"] },
  },
  "/webhooks/{id}": {
    method: "GET",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgA.id })).id}` }),
    foreign: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgB.id })).id}` }),
  },
  "/webhooks/{id} (patch)": {
    method: "PATCH",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgA.id })).id}`, body: { events: ["approval.decided"] } }),
    foreign: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgB.id })).id}`, body: { events: ["approval.decided"] } }),
    invalid: { body: { events: [] }, paths: ["events"] },
  },
  "/webhooks/{id} (delete)": {
    method: "DELETE",
    allowed: ADMINS,
    status: 204,
    prepare: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgA.id })).id}` }),
    foreign: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgB.id })).id}` }),
  },
  "/webhooks/{id}/test": {
    method: "POST",
    allowed: ADMINS,
    status: 202,
    prepare: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgA.id })).id}/test` }),
    foreign: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgB.id })).id}/test` }),
  },
  "/webhooks/{id}/deliveries": {
    method: "GET",
    allowed: ADMINS,
    status: 200,
    prepare: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgA.id })).id}/deliveries` }),
    foreign: async (h, t) => ({ path: `/webhooks/${(await createTestWebhook(h.db, { orgId: t.orgB.id })).id}/deliveries` }),
  },
});
