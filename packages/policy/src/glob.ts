export type Glob = { readonly pattern: string; readonly test: (name: string) => boolean };

/** `*` matches any run of characters (including none); everything else is literal. */
export function compileGlob(pattern: string): Glob {
  const parts = pattern.split("*");
  const head = parts[0] ?? "";
  const tail = parts[parts.length - 1] ?? "";
  const middle = parts.slice(1, -1).filter((p) => p !== "");
  const minLength = head.length + tail.length + middle.reduce((n, p) => n + p.length, 0);
  return {
    pattern,
    test: (name) => {
      if (name.length < minLength || !name.startsWith(head) || !name.endsWith(tail)) return false;
      let at = head.length;
      const end = name.length - tail.length;
      for (const part of middle) {
        const found = name.indexOf(part, at);
        if (found < 0 || found + part.length > end) return false;
        at = found + part.length;
      }
      return true;
    },
  };
}

export const isGlob = (key: string): boolean => key.includes("*");

/** Longer patterns are more specific and win; ties break by code-unit order for determinism. */
export function compareGlobPrecedence(a: string, b: string): number {
  return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
}
