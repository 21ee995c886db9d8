import { startMoto } from "./tests/support/moto/motoLauncher";
import { createRotationWorld } from "./tests/support/rotationWorld";
(async () => {
  const moto = await startMoto(); process.env.MOTO_ENDPOINT = moto.endpoint;
  const w = await createRotationWorld("dbg", { overlapHours: 24 });
  console.error("rotate1", (await w.orchestrator.rotate(w.secretArn)).ok);
  console.error("rotate2", (await w.orchestrator.rotate(w.secretArn)).ok);
  const t = setTimeout(() => { console.error("TIMEOUT"); process.exit(2); }, 15000);
  try { console.error(JSON.stringify(await w.handler({ action: "maintain" }))); } catch (e) { console.error("ERR", e); }
  clearTimeout(t); await w.stop(); await moto.stop();
})();
