import { HARD_LIMITS } from "./hard-limits.ts";
import type { PolicyIssue } from "./types.ts";

// Runs before zod so hostile input is refused in linear time with one clear sentence,
// instead of recursing (stack overflow on deep nesting) or producing 10 000 issues.
export function precheckValue(value: unknown): PolicyIssue | null {
  const depth = measureDepth(value, HARD_LIMITS.maxDepth + 1);
  if (depth > HARD_LIMITS.maxDepth) {
    return { path: "", message: `document nests deeper than ${HARD_LIMITS.maxDepth} levels; the limit is ${HARD_LIMITS.maxDepth}` };
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const tools = (value as { tools?: unknown }).tools;
    if (tools !== null && typeof tools === "object") {
      const count = Object.keys(tools).length;
      if (count > HARD_LIMITS.maxTools) return { path: "tools", message: `has ${count} tools; the limit is ${HARD_LIMITS.maxTools}` };
    }
  }
  return null;
}

export function precheckText(text: string): PolicyIssue | null {
  if (text.length > HARD_LIMITS.maxDocumentChars) {
    return { path: "", message: `document is ${text.length} characters; the limit is ${HARD_LIMITS.maxDocumentChars}` };
  }
  return null;
}

// Iterative, stops at `cap`: also terminates on cyclic objects passed in by a caller.
function measureDepth(root: unknown, cap: number): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    if (depth > max) max = depth;
    if (max >= cap) return max;
    for (const child of Object.values(node)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return max;
}
