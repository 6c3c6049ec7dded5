// Onboarding's "govern it" step in one transaction: publish the (edited) starter policy for the
// server, create the agent's identity, grant it the server under that policy and mint its token.
// Composes the verbs that own each piece; the token's plaintext is returned once.
import { SetUpServerAccessInput } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { createGrant } from "../grants/create-grant.ts";
import { createIdentity } from "../identities/create-identity.ts";
import { createPolicy } from "../policies/create-policy.ts";
import { requirePermission } from "../require-permission.ts";
import { mintToken } from "../tokens/mint-token.ts";
import { transact } from "../transaction.ts";
import { getServerInOrg } from "./internal.ts";

export async function setUpServerAccess(ctx: ServiceContext, input: SetUpServerAccessInput) {
  requirePermission(ctx, "tokens:write");
  const data = SetUpServerAccessInput.parse(input);
  return transact(ctx, async (_tx, txCtx) => {
    const server = await getServerInOrg(txCtx, data.serverId);
    const { policy } = await createPolicy(txCtx, { serverId: server.id, name: data.policyName, document: data.document, publish: true });
    const identity = await createIdentity(txCtx, { name: data.identityName, kind: "agent" });
    const grant = await createGrant(txCtx, { identityId: identity.id, serverId: server.id, policyId: policy.id });
    const { token, plaintext } = await mintToken(txCtx, { identityId: identity.id, name: `${server.name} onboarding` });
    return { policyId: policy.id, identityId: identity.id, grantId: grant.id, tokenId: token.id, token: plaintext };
  });
}
