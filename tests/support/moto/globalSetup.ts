import { startMoto } from "./motoLauncher";

/**
 * Starts one moto server for the whole run and tells the test workers where it
 * is through the environment. Each test file uses its own secrets (unique
 * names), so files do not see each other's state.
 */
export default async function globalSetup(): Promise<void> {
  const moto = await startMoto();
  process.env.MOTO_ENDPOINT = moto.endpoint;
  (globalThis as { __MOTO__?: typeof moto }).__MOTO__ = moto;
}
