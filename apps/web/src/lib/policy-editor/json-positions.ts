// From a validation path (`tools.flux_edit_image.limits[0].max`, as the engine and the API write
// them) to where that value sits in the JSON text, so an error is shown at its line. Tool names
// may contain dots, so a path is split against the document itself: at each object, the longest
// key that the rest of the path starts with wins.
import { parser } from "@lezer/json";
import type { SyntaxNode, Tree } from "@lezer/common";

export type Segment = string | number;

export function pathSegments(path: string, doc: unknown): Segment[] {
  const out: Segment[] = [];
  let rest = path;
  let here: unknown = doc;
  while (rest.length > 0) {
    if (rest.startsWith(".")) rest = rest.slice(1);
    const index = /^\[(\d+)\]/.exec(rest);
    if (index?.[1] !== undefined) {
      const n = Number(index[1]);
      out.push(n);
      here = Array.isArray(here) ? here[n] : undefined;
      rest = rest.slice(index[0].length);
      continue;
    }
    const keys = here && typeof here === "object" && !Array.isArray(here) ? Object.keys(here as object) : [];
    const match = keys
      .filter((k) => rest === k || rest.startsWith(`${k}.`) || rest.startsWith(`${k}[`))
      .sort((a, b) => b.length - a.length)[0];
    const key = match ?? /^[^.[]+/.exec(rest)?.[0] ?? rest;
    out.push(key);
    here = match !== undefined ? (here as Record<string, unknown>)[match] : undefined;
    rest = rest.slice(key.length);
  }
  return out;
}

/** The text range of the value at `segments` (or of the deepest part of it that exists). */
export function rangeOf(tree: Tree, text: string, segments: Segment[]): { from: number; to: number } {
  let node: SyntaxNode | null = tree.topNode.firstChild;
  if (!node) return { from: 0, to: Math.min(text.length, 1) };
  let range = { from: node.from, to: node.to };
  for (const segment of segments) {
    const next: SyntaxNode | null = childAt(node, text, segment);
    if (!next) break;
    node = next;
    range = { from: node.from, to: node.to };
  }
  // Point at the first line of a multi-line value: its opening, not the whole block.
  const newline = text.indexOf("\n", range.from);
  if (newline !== -1 && newline < range.to) range = { from: range.from, to: newline };
  return range;
}

function childAt(node: SyntaxNode, text: string, segment: Segment): SyntaxNode | null {
  if (node.name === "Object" && typeof segment === "string") {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.name !== "Property") continue;
      const name = child.getChild("PropertyName");
      if (!name) continue;
      let key: unknown;
      try {
        key = JSON.parse(text.slice(name.from, name.to));
      } catch {
        continue;
      }
      if (key === segment) return child.lastChild && child.lastChild !== name ? child.lastChild : name;
    }
    return null;
  }
  if (node.name === "Array" && typeof segment === "number") {
    let i = 0;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (["[", "]", ","].includes(child.name) || child.type.isError) continue;
      if (i === segment) return child;
      i++;
    }
  }
  return null;
}

export function parseJsonTree(text: string): Tree {
  return parser.parse(text);
}
