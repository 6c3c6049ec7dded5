// The SSRF guard as registration uses it: the same check as at dial time, its refusal reported
// at the `upstreamUrl` field so the form can show it there.
import { AppError } from "@gatehouse/shared";
import { checkUpstreamUrl } from "./check-upstream-url.ts";

export async function guardUpstreamUrl(url: string, options: { allowPrivateNetworks: boolean }, path = "upstreamUrl"): Promise<void> {
  try {
    await checkUpstreamUrl(url, options);
  } catch (error) {
    if (error instanceof AppError && error.code === "validation_failed" && !error.details) {
      throw new AppError("validation_failed", error.message, [{ path, message: path === "upstreamUrl" ? error.message : error.message.replace("upstream host", "token endpoint host") }]);
    }
    throw error;
  }
}
