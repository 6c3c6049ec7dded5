// The decision log's live tail against the real Redis (decision-tail.ts): a batch reaches the
// tails of the orgs someone is watching, and nothing is published for the others. What went over
// the wire is seen by a pattern subscriber on each org's channel (pattern subscriptions are not
// counted by PUBSUB NUMSUB, so it observes without making an org "watched").
import { randomBytes } from "node:crypto";
import { type DecisionEvent, newId } from "@gatehouse/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDecisionTail, createDecisionTailPublisher, createRedis, decisionTailChannel } from "../src/index.ts";

const url = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const producer = createRedis(url, "producer");
const observer = createRedis(url, "subscriber");
const tail = createDecisionTail(createRedis(url, "subscriber"));
const published: { channel: string; ids: string[] }[] = [];

beforeAll(async () => {
  if (producer.status !== "ready") await new Promise((resolve) => producer.once("ready", resolve));
  observer.on("pmessage", (_pattern: string, channel: string, message: string) => {
    published.push({ channel, ids: (JSON.parse(message) as { events: DecisionEvent[] }).events.map((e) => e.id) });
  });
});

afterAll(() => {
  tail.close();
  observer.disconnect();
  producer.disconnect();
});

const orgId = () => `org_${randomBytes(8).toString("hex")}`;

function event(org: string): DecisionEvent {
  return {
    id: newId("decision"), orgId: org, requestId: newId("request"), serverId: "srv_test", identityId: "idn_test", grantId: "grt_test",
    tokenPrefix: "gth_abcdefgh", method: "tools/call", toolName: "flux_edit_image", argKeys: ["prompt"], argsHash: "a".repeat(64),
    policyId: "pol_test", policyVersionId: "polv_test", bundleRevision: 1, outcome: "allowed", shadowOutcome: null, rule: null,
    message: null, approvalId: null, upstreamStatus: 200, upstreamLatencyMs: 1, proxyLatencyMs: 0.1, at: new Date().toISOString(),
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

describe("decision tail publisher", () => {
  it("publishes a batch only to the orgs whose tail is open", async () => {
    const watched = orgId();
    const unwatched = orgId();
    await observer.psubscribe(decisionTailChannel(watched), decisionTailChannel(unwatched));
    const received: string[] = [];
    const unsubscribe = await tail.subscribe(watched, (events) => received.push(...events.map((e) => e.id)));
    const publisher = createDecisionTailPublisher(producer, (error) => {
      throw error;
    });

    const first = [event(watched), event(unwatched), event(watched), event(unwatched)];
    await publisher.publish(first);
    await until(() => received.length === 2);
    expect(received).toEqual([first[0]?.id, first[2]?.id]);

    // Once the other org opens its tail, its next batch goes out too. The observer has seen the
    // watched org's first message and nothing for the unwatched one before that.
    const late: string[] = [];
    const unsubscribeLate = await tail.subscribe(unwatched, (events) => late.push(...events.map((e) => e.id)));
    const second = [event(unwatched)];
    await publisher.publish(second);
    await until(() => late.length === 1);
    expect(late).toEqual([second[0]?.id]);
    await until(() => published.filter((p) => p.channel === decisionTailChannel(unwatched)).length === 1);
    expect(published.filter((p) => [watched, unwatched].map(decisionTailChannel).includes(p.channel))).toEqual([
      { channel: decisionTailChannel(watched), ids: [first[0]?.id, first[2]?.id] },
      { channel: decisionTailChannel(unwatched), ids: [second[0]?.id] },
    ]);

    unsubscribe();
    unsubscribeLate();
    await observer.punsubscribe();
  });

  it("sends nothing for a batch no one is watching", async () => {
    const org = orgId();
    await observer.psubscribe(decisionTailChannel(org));
    await createDecisionTailPublisher(producer).publish([event(org), event(org)]);
    // A marker published after the batch on the same connection arrives after anything the batch
    // sent, so once it is seen, the batch's absence is established (no waiting on a clock).
    await producer.publish(decisionTailChannel(org), JSON.stringify({ events: [] }));
    await until(() => published.some((p) => p.channel === decisionTailChannel(org)));
    expect(published.filter((p) => p.channel === decisionTailChannel(org))).toEqual([{ channel: decisionTailChannel(org), ids: [] }]);
    await observer.punsubscribe();
  });
});
