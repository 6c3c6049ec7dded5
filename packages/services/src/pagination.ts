// Keyset pagination for every list (shared API.md: `?limit=&cursor=` → `{ data, nextCursor }`).
// The cursor is the (createdAt, id) of the last row served, opaque to callers; rows are ordered
// newest first with the id as tie-break, so pages never overlap or skip a row, even while rows
// are being added.
import { type Page, validationFailed } from "@gatehouse/shared";

type Keyed = { createdAt: Date; id: string };
export type Cursor = { createdAt: Date; id: string };

export function encodeCursor(row: Keyed): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

/** The cursor a client sent back, or a 400 naming the `cursor` parameter. */
export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [time, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(time));
    if (typeof id === "string" && id.length > 0 && !Number.isNaN(createdAt.getTime())) return { createdAt, id };
  } catch {
    // fall through to the validation error
  }
  throw validationFailed("The cursor is not valid.", [{ path: "cursor", message: "Use the nextCursor of a previous page." }]);
}

/** The `where` fragment selecting rows after the cursor in (createdAt desc, id desc) order. */
export function afterCursor(cursor: Cursor | undefined) {
  if (!cursor) return {};
  return { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
}

export const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** Rows fetched with `take: limit + 1` → one page: the extra row only says there is more. */
export function toPage<R extends Keyed, T>(rows: R[], limit: number, map: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const served = more ? rows.slice(0, limit) : rows;
  const last = served[served.length - 1];
  return { data: served.map(map), nextCursor: more && last ? encodeCursor(last) : null };
}
