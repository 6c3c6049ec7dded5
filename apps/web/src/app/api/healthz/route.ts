// GET /api/healthz — liveness for the start script and the e2e web server.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ ok: true });
}
