// /api/v1/invitations — invite by email with a role (admins). The link goes out through the
// sign-in mail path (deps.mailer) and is never in a response: it is a credential for the invitee.
import { createRoute } from "@hono/zod-openapi";
import { createInvitation, getOrg, listInvitations, revokeInvitation } from "@gatehouse/services";
import { CreateInvitationInput, CreatedInvitationResponse, IdParam, InvitationResponse, ListInvitationsQuery, ROLE_LABELS, pageOf } from "@gatehouse/shared";
import type { ApiApp } from "../app";
import type { ApiDeps } from "../deps";
import { errors, json, jsonBody, noContent } from "../openapi";

const tags = ["Members"];

const list = createRoute({
  method: "get",
  path: "/api/v1/invitations",
  tags,
  summary: "List invitations (admins)",
  request: { query: ListInvitationsQuery },
  responses: { 200: json(pageOf(InvitationResponse), "A page of invitations, newest first."), ...errors(400, 403) },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/invitations",
  tags,
  summary: "Invite someone by email with a role (admins); inviting an address again replaces its pending invitation",
  request: { body: jsonBody(CreateInvitationInput) },
  responses: { 201: json(CreatedInvitationResponse, "The invitation; `emailSent` says whether the email went out."), ...errors(400, 403, 409, 413) },
});

const revoke = createRoute({
  method: "delete",
  path: "/api/v1/invitations/{id}",
  tags,
  summary: "Withdraw an invitation (admins): its link stops working",
  request: { params: IdParam },
  responses: { ...noContent, ...errors(403, 404, 409) },
});

export function invitationRoutes(app: ApiApp, deps: ApiDeps): void {
  // GET /api/v1/invitations — a page of invitations
  app.openapi(list, async (c) => c.json(await listInvitations(c.get("ctx"), c.req.valid("query")), 200));
  // POST /api/v1/invitations — invite, then mail the link
  app.openapi(create, async (c) => {
    const ctx = c.get("ctx");
    const { invitation, token } = await createInvitation(ctx, c.req.valid("json"));
    const emailSent = await sendInvitation(deps, {
      to: invitation.email,
      orgName: (await getOrg(ctx)).name,
      role: ROLE_LABELS[invitation.role],
      inviter: ctx.actor.label,
      expiresAt: invitation.expiresAt,
      url: new URL(`/invitations/${token}`, deps.publicWebUrl).toString(),
    });
    return c.json({ ...invitation, emailSent }, 201);
  });
  // DELETE /api/v1/invitations/{id} — withdraw
  app.openapi(revoke, async (c) => {
    await revokeInvitation(c.get("ctx"), { invitationId: c.req.valid("param").id });
    return c.body(null, 204);
  });
}

/** The invitation is committed either way; a mail failure is reported, not turned into a 500. */
async function sendInvitation(deps: ApiDeps, mail: { to: string; orgName: string; role: string; inviter: string; expiresAt: string; url: string }): Promise<boolean> {
  if (!deps.mailer) return false;
  try {
    await deps.mailer.send({
      to: mail.to,
      subject: `Join ${mail.orgName} on Gatehouse`,
      url: mail.url,
      text: `${mail.inviter} invited you to ${mail.orgName} on Gatehouse as ${mail.role}.\n\nOpen this link and sign in (or create an account) with ${mail.to} to join:\n${mail.url}\n\nThe link expires at ${mail.expiresAt}.`,
    });
    return true;
  } catch (error) {
    console.error("[invitations] the invitation email could not be sent", error instanceof Error ? error.message : error);
    return false;
  }
}
