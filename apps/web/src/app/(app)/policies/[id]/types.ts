export type ToolView = { name: string; description: string | null; inputSchema: unknown; riskLevel: string | null };
export type IdentityView = { id: string; name: string; kind: string };

type JsonSchema = { type?: unknown; properties?: Record<string, JsonSchema>; items?: JsonSchema; description?: string; enum?: unknown[] };

/** `args.<prop>` paths from a tool's input schema (nested objects and arrays, a few levels deep). */
export function argPathsOf(schema: unknown, prefix = "args", depth = 0): string[] {
  const s = schema as JsonSchema | null;
  if (!s || typeof s !== "object" || depth > 3) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(s.properties ?? {})) {
    const path = `${prefix}.${key}`;
    out.push(path);
    if (child?.type === "object") out.push(...argPathsOf(child, path, depth + 1));
    if (child?.type === "array" && child.items?.type === "object") out.push(...argPathsOf(child.items, `${path}[*]`, depth + 1));
  }
  return out;
}

/** Top-level argument fields a simple form can edit. */
export function formFieldsOf(schema: unknown): { name: string; type: "string" | "number" | "boolean" | "json"; description?: string; options?: string[] }[] {
  const s = schema as JsonSchema | null;
  if (!s || typeof s !== "object") return [];
  return Object.entries(s.properties ?? {}).map(([name, child]) => {
    const t = child?.type;
    const type = t === "string" ? "string" : t === "number" || t === "integer" ? "number" : t === "boolean" ? "boolean" : "json";
    return {
      name,
      type,
      ...(child?.description ? { description: child.description } : {}),
      ...(Array.isArray(child?.enum) ? { options: child.enum.map(String) } : {}),
    };
  });
}
