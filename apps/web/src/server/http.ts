// Route handler responses in the one error envelope (`{ error: { code, message, requestId } }`).
import { AppError, toErrorEnvelope } from "@gatehouse/shared";

export function errorResponse(error: unknown, requestId: string): Response {
  if (!(error instanceof AppError)) console.error(`[web] ${requestId} unhandled error`, error);
  const { status, body } = toErrorEnvelope(error, requestId);
  return Response.json(body, { status, headers: { "x-request-id": requestId } });
}
