// POST /policies/{id}/simulate: decide calls with a draft, a version or the published version,
// through the same compilePolicy/explain the proxy's evaluate runs, and the server's argument
// validators compiled from the same accepted schemas with the same Ajv setup the proxy installs,
// so the simulator and the proxy cannot disagree. With `replay`, past calls of the server are
// decided again (replay-policy.ts).
import { type CompiledPolicy, type Decision, type TraceStep, compilePolicy, explain, parsePolicy } from "@gatehouse/policy";
import { type SimulateResponse, SimulateInput, type SimulationResult, notFound } from "@gatehouse/shared";
import type { ServiceContext } from "../context.ts";
import { requirePermission } from "../require-permission.ts";
import { validatePolicyDocument } from "./create-policy.ts";
import { getVersionByNumber } from "./list-policy-versions.ts";
import { evalContext } from "./eval-context.ts";
import { replayPolicy } from "./replay-policy.ts";
import { loadServerValidators } from "../tools/argument-validation.ts";

export async function simulatePolicy(ctx: ServiceContext, input: SimulateInput & { policyId: string }): Promise<SimulateResponse> {
  requirePermission(ctx, "read");
  const data = SimulateInput.parse(input);
  const policy = await ctx.db.policy.findFirst({ where: { id: input.policyId, orgId: ctx.orgId }, select: { id: true, server: { select: { id: true, name: true } } } });
  if (!policy) throw notFound("Policy");
  const { plan, source } = await planFor(ctx, policy.id, data);
  const validators = await loadServerValidators(ctx, policy.server.id);
  const results: SimulationResult[] = [];
  for (const call of data.calls ?? []) {
    const identity = call.identityId ? await ctx.db.identity.findFirst({ where: { id: call.identityId, orgId: ctx.orgId } }) : null;
    if (call.identityId && !identity) throw notFound("Identity");
    const grant = identity ? await ctx.db.grant.findFirst({ where: { orgId: ctx.orgId, identityId: identity.id, serverId: policy.server.id }, select: { id: true } }) : null;
    const evalCtx = evalContext(ctx.orgId, policy.server, identity, grant?.id ?? null, Date.now());
    const { decision, trace } = explain(plan, { name: call.tool, arguments: call.arguments }, evalCtx, validators);
    results.push({
      call: { identityId: identity?.id ?? null, identityName: identity?.name ?? null, tool: call.tool, arguments: call.arguments },
      decision: presentDecision(decision),
      trace: trace.map(presentStep),
    });
  }
  const replay = data.replay ? await replayPolicy(ctx, { plan, server: policy.server, validators, ...data.replay }) : null;
  return { source, results, replay };
}

async function planFor(ctx: ServiceContext, policyId: string, data: ReturnType<typeof SimulateInput.parse>) {
  if (data.document !== undefined) return { plan: compilePolicy(validatePolicyDocument(data.document)), source: { kind: "document" as const, number: null } };
  const version = data.version
    ? await getVersionByNumber(ctx, policyId, data.version)
    : await ctx.db.policyVersion.findFirst({ where: { orgId: ctx.orgId, policyId, status: "published" }, orderBy: { number: "desc" } });
  if (!version) return { plan: null, source: { kind: "version" as const, number: null } };
  const parsed = parsePolicy(version.document);
  // Stored versions were validated when written; a version the engine no longer accepts decides nothing.
  return { plan: parsed.ok ? compilePolicy(parsed.document) : null, source: { kind: "version" as const, number: version.number } };
}

export function presentDecision(decision: Decision): SimulationResult["decision"] {
  return {
    outcome: decision.outcome,
    rule: decision.rule,
    message: decision.message,
    // Argument validation in shadow mode is a would-be refusal too.
    shadow: shadowOf(decision),
    violationPaths: decision.violationPaths ?? decision.shadow?.violationPaths ?? decision.argumentShadow?.violationPaths ?? [],
    limits: decision.reservations.map((r) => ({ rule: r.rule, counter: r.counter, scope: r.scope, amount: r.amount, max: r.max, window: r.window.label })),
  };
}

function shadowOf(decision: Decision): SimulationResult["decision"]["shadow"] {
  const would = decision.shadow ?? decision.argumentShadow ?? null;
  return would ? { outcome: would.outcome, rule: would.rule, message: would.message } : null;
}

function presentStep(step: TraceStep): SimulationResult["trace"][number] {
  return {
    stage: step.stage,
    rule: step.rule,
    fired: step.fired,
    reached: step.reached,
    decisive: step.decisive,
    reason: step.reason,
    ...(step.violationPaths ? { violationPaths: step.violationPaths } : {}),
    ...(step.conditions ? { conditions: step.conditions.map((c) => ({ path: c.path, op: c.op, value: c.value, actual: c.actual, result: c.result })) } : {}),
  };
}

export type { CompiledPolicy };
