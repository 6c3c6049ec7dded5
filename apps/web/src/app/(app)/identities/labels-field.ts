// Labels are edited as text, one `key=value` per line; policies can match on them
// (`identity.labels.<key>`).
export function parseLabels(text: string): Record<string, string> | { error: string } {
  const labels: Record<string, string> = {};
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf("=");
    if (at <= 0) return { error: `Line ${index + 1}: write labels as key=value.` };
    labels[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return labels;
}

export function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}

/** Zod and the API name a bad label by its key (`labels.bad key`); the form has one labels field. */
export function foldLabelErrors(errors: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [path, messages] of Object.entries(errors)) {
    const key = path.startsWith("labels") ? "labels" : path;
    out[key] = [...(out[key] ?? []), ...messages];
  }
  return out;
}
