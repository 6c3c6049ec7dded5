// POST /api/orgs/switch — make one of the user's organizations the current one (form or JSON).
// Refuses, with 404, any org the user is not a member of: the response must not reveal whether
// that org exists.
import { listMemberships } from "@gatehouse/services";
import { AppError, SwitchOrgInput, errorResponse } from "@gatehouse/shared";
import { NextResponse } from "next/server";
import { getSessionUser } from "@/server/context";
import { db } from "@/server/db";
import { ORG_COOKIE, orgCookieOptions } from "@/server/org-cookie";
import { requestId } from "@/server/request-id";

async function readInput(request: Request): Promise<unknown> {
  if (request.headers.get("content-type")?.includes("application/json")) return request.json().catch(() => ({}));
  const form = await request.formData().catch(() => null);
  return { orgId: form?.get("orgId") };
}

export async function POST(request: Request): Promise<Response> {
  const rid = await requestId();
  try {
    const origin = request.headers.get("origin");
    // Belt and braces on top of the SameSite=Lax session cookie. Compared with Host, not with
    // request.url, because Next rewrites 127.0.0.1 to localhost in request URLs.
    if (origin && new URL(origin).host !== request.headers.get("host")) throw new AppError("forbidden", "Cross-site request refused.");
    const user = await getSessionUser();
    if (!user) throw new AppError("unauthorized", "Sign in first.");
    const parsed = SwitchOrgInput.safeParse(await readInput(request));
    if (!parsed.success) throw new AppError("validation_failed", "Choose an organization.");
    const memberships = await listMemberships({ db: db() }, user.id);
    if (!memberships.some((m) => m.orgId === parsed.data.orgId)) throw new AppError("not_found", "Organization not found.");
    // A relative Location keeps the browser on whichever host name it used.
    const response = new NextResponse(null, { status: 303, headers: { location: "/" } });
    response.cookies.set(ORG_COOKIE, parsed.data.orgId, orgCookieOptions);
    return response;
  } catch (error) {
    return errorResponse(error, rid);
  }
}
