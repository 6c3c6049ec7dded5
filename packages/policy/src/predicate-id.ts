/** A predicate's id: explicit, else `<path>-<op>` of its first condition, else its index. */
export function predicateId(predicate: { id?: unknown; conditions?: unknown }, index: number): string {
  if (typeof predicate.id === "string") return predicate.id;
  const first = Array.isArray(predicate.conditions) ? (predicate.conditions[0] as unknown) : undefined;
  if (first !== null && typeof first === "object") {
    const { path, op } = first as { path?: unknown; op?: unknown };
    if (typeof path === "string" && typeof op === "string") return `${path}-${op}`;
  }
  return String(index);
}
