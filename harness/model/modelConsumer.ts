import { ApiKeyProvider, withApiKey, type ConsumerMetricsSink } from "../../consumer";
import { ConsumerMetrics } from "../../lambdas/contract/metricNames";
import { recordConsumerFallback } from "../lifecycle";
import { readStage } from "../rotationWorld";
import type { LifecycleModel } from "./modelState";
import type { ModelWorld } from "./modelWorld";

/** What one consumer call ended with. */
export interface ConsumerResult {
  readonly ok: boolean;
  readonly detail: string;
}

/**
 * A service that uses the rotated key the way the README tells it to: the
 * project's consumer client (`ApiKeyProvider` + `withApiKey`) reading
 * `AWSCURRENT` (falling back to `AWSPREVIOUS` in the overlap window), then the
 * vendor's cheap authenticated call. Fallbacks are recorded in moto's
 * CloudWatch as the EMF line would be, so the engine's usage gate sees them;
 * each accepted use is remembered by the model.
 */
export class ModelConsumer {
  private readonly provider: ApiKeyProvider;
  private readonly recorded: Array<Promise<void>> = [];

  public constructor(
    private readonly mw: ModelWorld,
    private readonly model: LifecycleModel,
  ) {
    const sink: ConsumerMetricsSink = {
      count: (metric, secretName) => {
        if (metric === ConsumerMetrics.PreviousKeyFallbacks)
          this.recorded.push(recordConsumerFallback(secretName, new Date()).catch(() => undefined));
      },
    };
    this.provider = new ApiKeyProvider({
      secretId: mw.world.secretArn,
      client: mw.moto,
      overlapHours: mw.world.options.overlapHours,
      authRefreshIntervalMs: 0,
      metrics: sink,
    });
  }

  /** One request with the current key, as a service would make it. */
  public async call(): Promise<ConsumerResult> {
    try {
      const res = await withApiKey(this.provider, async (apiKey) => {
        const status = await this.verify(apiKey);
        return { ok: status === 200, status };
      });
      await Promise.all(this.recorded.splice(0));
      return { ok: res.ok, detail: `vendor answered ${res.status}` };
    } catch (error) {
      await Promise.all(this.recorded.splice(0));
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      this.mw.output.push(message);
      return { ok: false, detail: message };
    }
  }

  /**
   * A service that has not moved over yet calls the vendor with the
   * `AWSPREVIOUS` key and counts a fallback (the usage the engine must respect),
   * in its own region: the key's, or a declared consumer region.
   */
  public async usePrevious(region?: string): Promise<ConsumerResult> {
    const previous = await readStage(this.mw.moto, this.mw.world.secretArn, "AWSPREVIOUS");
    if (previous === undefined) return { ok: false, detail: "no AWSPREVIOUS value" };
    const status = await this.verify(previous.apiKey);
    if (status === 200) {
      await recordConsumerFallback(this.mw.world.secretName, new Date(), region);
    }
    const where = region === undefined ? "" : ` (a service in ${region})`;
    return {
      ok: status === 200,
      detail: `vendor answered ${status} to the previous key${where}`,
    };
  }

  public close(): void {
    this.provider.close();
  }

  private async verify(apiKey: string): Promise<number> {
    const res = await fetch(`${this.mw.world.sim.baseUrl}/organization/projects`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    await res.body?.cancel();
    if (res.status === 200) {
      const key = this.mw.world.sim.keys().find((k) => k.secret === apiKey);
      if (key !== undefined) this.model.lastUse.set(key.id, Date.now());
    }
    return res.status;
  }
}
