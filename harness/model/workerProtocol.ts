/** Messages between the model test and its step workers (see stepWorker.ts). */
export type WorkerRequest =
  | { readonly type: "init"; readonly env: Record<string, string>; readonly offsetMs: number }
  | { readonly type: "clock"; readonly offsetMs: number }
  | {
      readonly type: "invoke";
      readonly id: number;
      readonly event: unknown;
      readonly budgetMs: number;
    };

export type WorkerReply =
  | { readonly type: "ready" }
  | {
      readonly type: "result";
      readonly id: number;
      readonly ok: boolean;
      readonly result?: unknown;
      readonly error?: { readonly name: string; readonly message: string };
    };
