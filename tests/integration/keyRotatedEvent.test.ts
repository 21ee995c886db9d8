import { tagSecret } from "../../harness/lifecycle";
import { randomUUID } from "node:crypto";
import { KEY_ROTATED_EVENT, keyRotatedPattern } from "../../lambdas/contract/keyRotatedEvent";
import { RotationMetrics } from "../../lambdas/contract/metricNames";
import { RequestTags } from "../../lambdas/contract/secretTags";
import { MOTO_REGION } from "../../harness/aws/motoClients";
import { startEventSink, type EventSink } from "../../harness/aws/eventSink";
import { useScenario } from "../../harness/scenario";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("the KeyRotated event on the default bus (moto)", () => {
  const s = useScenario("key-rotated", { overlapHours: 24 });
  let sink: EventSink;
  beforeAll(async () => {
    sink = await startEventSink(keyRotatedPattern(s.world.secretArn));
  });
  afterAll(async () => sink.close());

  it("arrives once per promotion, naming the secret, both versions and the vendor", async () => {
    // Act
    const first = await s.world.orchestrator.rotate(s.world.secretArn);
    const second = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect([first.error, second.error]).toEqual([undefined, undefined]);
    const events = await sink.events();
    // (moto's delivered events carry no `account`; AWS adds the bus's account.)
    expect(events.map((e) => [e.source, e["detail-type"], e.region, e.resources])).toEqual([
      [KEY_ROTATED_EVENT.source, "KeyRotated", MOTO_REGION, [s.world.secretArn]],
      [KEY_ROTATED_EVENT.source, "KeyRotated", MOTO_REGION, [s.world.secretArn]],
    ]);
    const details = events.map((e) => e.detail as Record<string, unknown>);
    expect(details.map((d) => ({ ...d, rotatedAt: ISO.test(String(d.rotatedAt)) }))).toEqual([
      {
        secretArn: s.world.secretArn,
        secretName: s.world.secretName,
        versionId: first.token,
        previousVersionId: null,
        vendor: "nylas",
        emergency: false,
        overlapHours: 24,
        rotatedAt: true,
      },
      {
        secretArn: s.world.secretArn,
        secretName: s.world.secretName,
        versionId: second.token,
        previousVersionId: first.token,
        vendor: "nylas",
        emergency: false,
        overlapHours: 24,
        rotatedAt: true,
      },
    ]);
    expect(s.output.text()).not.toContain(RotationMetrics.KeyRotatedEventFailures);
    await s.expectInvariants();
  });

  it("says so for an emergency rotation (overlap 0) and carries no key material or key id", async () => {
    // Prepare
    const token = randomUUID();
    await tagSecret(s.world, {
      [RequestTags.emergency]: "key pasted in a ticket",
      [RequestTags.requestToken]: token,
    });

    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn, { token });

    // Assess
    expect(outcome.error).toBeUndefined();
    const events = await sink.events();
    const last = events.at(-1)?.detail as Record<string, unknown>;
    expect([last.versionId, last.emergency, last.overlapHours]).toEqual([outcome.token, true, 0]);
    const text = JSON.stringify(events);
    const leaks = s.world.sim
      .keys()
      .flatMap((k) => [k.secret, k.id])
      .filter((value) => text.includes(value));
    expect(leaks).toEqual([]);
    expect(text).not.toContain(s.world.sim.adminCredentialJson);
    await s.expectInvariants({ emergency: true });
  });
});

describe("the KeyRotated event when EventBridge cannot be reached", () => {
  const s = useScenario("key-rotated-down", {
    env: { AWS_ENDPOINT_URL_EVENTBRIDGE: "http://127.0.0.1:1" },
  });

  it("does not fail the rotation: a warning and one KeyRotatedEventFailures count", async () => {
    // Act
    const outcome = await s.world.orchestrator.rotate(s.world.secretArn);

    // Assess
    expect(outcome.error).toBeUndefined();
    expect((await s.world.readValue("AWSCURRENT"))?.versionId).toBe(outcome.token);
    const failures = s.output
      .lines()
      .filter(
        (line) => line.includes('"_aws"') && line.includes(RotationMetrics.KeyRotatedEventFailures),
      )
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(failures.map((r) => [r.SecretName, r[RotationMetrics.KeyRotatedEventFailures]])).toEqual(
      [[s.world.secretName, 1]],
    );
    const warnings = s.output
      .lines()
      .filter((line) => line.includes("KeyRotated event not published"))
      .map((line) => JSON.parse(line) as { level: string; versionId: string });
    expect(warnings.map((w) => [w.level, w.versionId])).toEqual([["WARN", outcome.token]]);
    await s.expectInvariants();
  });
});
