"use server";
// The server page's onboarding steps that are not REST resources of their own: publish the
// starter policy + create the agent's identity, grant and token in one go, and send a test call
// through the proxy with that token.
import { type TestCallResult, sendTestCall, setUpServerAccess } from "@gatehouse/services";
import { AppError } from "@gatehouse/shared";
import { env } from "@/env";
import { getServiceContext } from "@/server/context";

export type SetUpResult = { ok: true; token: string; identityId: string; policyId: string } | { ok: false; message: string; details: { path: string; message: string }[] };

export async function setUpAccessAction(input: { serverId: string; documentText: string; identityName: string }): Promise<SetUpResult> {
  let document: unknown;
  try {
    document = JSON.parse(input.documentText);
  } catch {
    return { ok: false, message: "The policy is not valid JSON.", details: [{ path: "document", message: "The policy is not valid JSON." }] };
  }
  try {
    const result = await setUpServerAccess(await getServiceContext(), { serverId: input.serverId, document, identityName: input.identityName });
    return { ok: true, token: result.token, identityId: result.identityId, policyId: result.policyId };
  } catch (error) {
    if (error instanceof AppError) {
      const details = Array.isArray(error.details) ? (error.details as { path: string; message: string }[]) : [];
      return { ok: false, message: error.message, details };
    }
    return { ok: false, message: "Something went wrong. Try again.", details: [] };
  }
}

export async function sendTestCallAction(input: { serverId: string; token: string }): Promise<TestCallResult> {
  try {
    return await sendTestCall(await getServiceContext(), { ...input, proxyOrigin: env().GATEHOUSE_PUBLIC_PROXY_URL });
  } catch (error) {
    return { ok: false, message: error instanceof AppError ? error.message : "The test call failed." };
  }
}
