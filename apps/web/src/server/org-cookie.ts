// The current organization is remembered in a cookie. It is a preference, never an authority:
// every read re-checks it against the user's memberships (see context.ts).
export const ORG_COOKIE = "gatehouse-org";

export const orgCookieOptions = {
  httpOnly: true,
  sameSite: "lax" as const,
  path: "/",
  maxAge: 60 * 60 * 24 * 365,
};
