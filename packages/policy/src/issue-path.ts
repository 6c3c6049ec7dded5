export type IssuePath = readonly PropertyKey[];

const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** ["tools","refund_order","deny_if",0] → "tools.refund_order.deny_if[0]". */
export function formatIssuePath(path: IssuePath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else {
      const key = String(seg);
      out += IDENT.test(key) ? (out === "" ? key : `.${key}`) : `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

export function valueAt(root: unknown, path: IssuePath): unknown {
  let node = root;
  for (const seg of path) {
    if (node === null || typeof node !== "object") return undefined;
    const key = typeof seg === "number" ? seg : String(seg);
    if (!Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}
