/** RFC 6901 escaping, so a tool named "a/b" still yields an unambiguous rule pointer. */
export function pointerToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

export function pointer(...tokens: string[]): string {
  return tokens.map((t) => `/${pointerToken(t)}`).join("");
}
