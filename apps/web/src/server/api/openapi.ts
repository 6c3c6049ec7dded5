// Small builders that keep route definitions short and their OpenAPI honest: every route states
// its request schemas and every response it can give, errors included.
import { ErrorEnvelopeSchema } from "@gatehouse/shared";
import type { z } from "zod";

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

const ERROR_DESCRIPTIONS = {
  400: "The request is not valid (`validation_failed`, with `details[{ path, message }]`).",
  401: "No valid credentials (`unauthorized`).",
  403: "The caller's role does not allow this (`forbidden`).",
  404: "No such resource in the caller's organization (`not_found`).",
  409: "The request conflicts with the current state (`conflict`).",
  413: "The request body is too large (`payload_too_large`).",
} as const;

type ErrorStatus = keyof typeof ERROR_DESCRIPTIONS;

/** The error responses a route can give: 401 always, plus the ones named. */
export function errors(...statuses: ErrorStatus[]) {
  const out: Partial<Record<ErrorStatus, ReturnType<typeof json>>> = {};
  for (const status of [401, ...statuses] as ErrorStatus[]) out[status] = json(ErrorEnvelopeSchema, ERROR_DESCRIPTIONS[status]);
  return out;
}

export const noContent = { 204: { description: "Done; no body." } } as const;
