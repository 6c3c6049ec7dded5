// POST /api/internal/tool-drift — a proxy reports tools whose relayed definition differs from its bundle (proxy credential).
import { internalToolDriftApi } from "@/server/internal-deps";

export const dynamic = "force-dynamic";

export const POST = (request: Request): Promise<Response> => internalToolDriftApi()(request);
