import type { MotoServer } from "./motoLauncher";

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __MOTO__?: MotoServer }).__MOTO__?.stop();
}
