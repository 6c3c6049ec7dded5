// Paging input shared by the read-only list verbs and the pages/API that call them.
import { z } from "zod";

export const ListQueryInput = z.object({ limit: z.number().int().min(1).max(500).default(100) });
export type ListQueryInput = z.input<typeof ListQueryInput>;
