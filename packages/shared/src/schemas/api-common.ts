// Conventions every /api/v1 route shares (shared API.md "Conventions"): list paging, the error
// envelope, timestamps. Route families build their request and response schemas from these, and
// the OpenAPI document is generated from the same objects.
import { z } from "zod";

/** `?limit=&cursor=` on every list. Query strings are text, hence the coercion. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
});
export type PageQuery = z.input<typeof PageQuery>;

/** `{ data: [...], nextCursor }` around any item schema. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

export type Page<T> = { data: T[]; nextCursor: string | null };

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable machine-readable code: unauthorized, forbidden, not_found, validation_failed, conflict, rate_limited, internal." }),
      message: z.string(),
      requestId: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  })
  .meta({ id: "Error" });

/** ISO-8601 UTC timestamp in responses. */
export const Timestamp = z.iso.datetime();

/** `{ id }` path parameter. */
export const IdParam = z.object({ id: z.string().min(1).max(100) });

/** Query-string booleans: `true`/`false`/`1`/`0`. */
export const QueryBoolean = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");
