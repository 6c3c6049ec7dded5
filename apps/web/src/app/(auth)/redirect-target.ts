// Where to go after signing in. Only same-site paths: a callbackUrl is attacker-controllable.
export function redirectTarget(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
