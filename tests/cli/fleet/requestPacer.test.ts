import { RotateSecretCommand } from "@aws-sdk/client-secrets-manager";
import { quotaScopedClients } from "../../../cli/clients";
import {
  DEFAULT_MAX_RATE,
  MIN_PACE,
  paceClients,
  RequestPacer,
} from "../../../cli/fleet/requestPacer";
import { MOTO_CREDENTIALS, MOTO_REGION } from "../../../harness/aws/motoClients";
import { startThrottleProxy } from "../../../harness/aws/throttleProxy";

/** A clock that only moves when the pacer sleeps (or a test stalls it). */
function virtualClock() {
  const clock = { t: 0 };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.t += ms;
    },
  };
}

describe("the request pacer of the mass operations", () => {
  it("releases requests one interval apart at the max rate, in order, with no burst at the start", async () => {
    // Prepare
    const { clock, now, sleep } = virtualClock();
    const pacer = new RequestPacer({ maxRate: 40, now, sleep });
    const released: number[] = [];

    // Act
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (i) => {
        await pacer.take();
        released[i] = clock.t;
      }),
    );

    // Assess
    expect(released).toEqual([0, 25, 50, 75, 100]);
    expect(pacer.rate).toBe(40);
  });

  it("after a stall releases the next request an interval after the last actual release, not as a burst", async () => {
    // Prepare
    const { clock, now } = virtualClock();
    const pacer = new RequestPacer({
      maxRate: 50,
      now,
      // Every sleep overshoots by 100 ms: a loaded event loop.
      sleep: async (ms) => {
        clock.t += ms + 100;
      },
    });
    const released: number[] = [];

    // Act
    for (let i = 0; i < 3; i++) {
      await pacer.take();
      released.push(clock.t);
    }

    // Assess
    expect(released).toEqual([0, 120, 240]);
  });

  it("cuts the pace by a quarter on a throttle, once per second, down to the floor, and climbs back on success", () => {
    // Prepare
    const { clock, now, sleep } = virtualClock();
    const pacer = new RequestPacer({ maxRate: 48, now, sleep });

    // Act
    pacer.throttled();
    const afterOne = pacer.rate;
    clock.t = 999;
    pacer.throttled();
    const sameWindow = pacer.rate;
    clock.t = 1000;
    pacer.throttled();
    const nextWindow = pacer.rate;
    pacer.accepted();
    const afterSuccess = pacer.rate;
    for (let i = 0; i < 1000; i++) pacer.accepted();
    const recovered = pacer.rate;
    for (let i = 0; i < 30; i++) {
      clock.t += 1000;
      pacer.throttled();
    }

    // Assess
    expect(afterOne).toBe(36);
    expect(sameWindow).toBe(36);
    expect(nextWindow).toBe(27);
    expect(afterSuccess).toBeCloseTo(27 + 4 / 27, 10);
    expect(recovered).toBe(48);
    expect(pacer.rate).toBe(MIN_PACE);
    expect(pacer.cuts).toBe(32);
  });

  it("defaults to 48 requests/s: under the 50/s quota", () => {
    expect(DEFAULT_MAX_RATE).toBe(48);
  });

  describe("on the SDK clients, through a proxy enforcing a quota", () => {
    const answerRotate = (operation: string, body: string) => {
      if (operation !== "RotateSecret") return undefined;
      const request = JSON.parse(body) as { SecretId: string; ClientRequestToken: string };
      return JSON.stringify({ ARN: request.SecretId, VersionId: request.ClientRequestToken });
    };
    const rotateMany = async (endpoint: string, maxRate: number, count: number) => {
      const clients = quotaScopedClients({
        endpoint,
        region: MOTO_REGION,
        credentials: MOTO_CREDENTIALS,
      });
      const pacing = paceClients([clients.rotating, clients.rotating], { maxRate });
      const started = Date.now();
      const results = await Promise.allSettled(
        Array.from({ length: count }, (_, i) =>
          clients.rotating.send(
            new RotateSecretCommand({
              SecretId: `arn:aws:secretsmanager:us-east-1:123456789012:secret:s-${i}`,
              ClientRequestToken: `token-${String(i).padStart(32, "0")}`,
            }),
          ),
        ),
      );
      pacing.stop();
      return { results, ms: Date.now() - started, pacers: pacing.pacers };
    };

    it("paced under the quota: no throttle, every call accepted, no faster than the max rate", async () => {
      // Prepare
      const proxy = await startThrottleProxy("http://127.0.0.1:9", {
        ratePerSecond: 25,
        answer: answerRotate,
      });

      // Act
      const { results, ms, pacers } = await rotateMany(proxy.endpoint, 20, 30);
      await proxy.close();

      // Assess
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      expect(proxy.throttled).toEqual({});
      expect(proxy.admitted).toEqual({ RotateSecret: 30 });
      expect(proxy.peakPerSecond("RotateSecret")).toBeLessThanOrEqual(21);
      expect(ms).toBeGreaterThanOrEqual((29 * 1000) / 20);
      expect(pacers.length).toBe(1);
      expect(pacers[0]?.cuts).toBe(0);
    });

    it("paced above a smaller quota (shared with another caller): throttled attempts cut the pace and are retried, none fails", async () => {
      // Prepare
      const proxy = await startThrottleProxy("http://127.0.0.1:9", {
        ratePerSecond: 10,
        answer: answerRotate,
      });

      // Act
      const { results, pacers } = await rotateMany(proxy.endpoint, 20, 30);
      await proxy.close();

      // Assess
      expect(results.filter((r) => r.status === "rejected")).toEqual([]);
      expect(proxy.admitted).toEqual({ RotateSecret: 30 });
      expect(proxy.throttled.RotateSecret).toBeGreaterThan(0);
      expect(proxy.peakPerSecond("RotateSecret")).toBeLessThanOrEqual(10);
      expect(pacers[0]?.cuts).toBeGreaterThan(0);
    });
  });
});
