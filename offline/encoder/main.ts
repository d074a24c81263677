/**
 * `npm run encoder -- [--port 8789] [--host 127.0.0.1] [--model DIR] [--device auto|cpu|cuda]`
 * Serves the query encoder (see server.ts) with the model the offline pipeline uses:
 * --model, else MODEL_DIR, else CLIP where fetched, else the built-in colour model.
 * In a container the environment sets what flags set locally: ENCODER_HOST (0.0.0.0 there),
 * ENCODER_PORT, and ENCODER_TOKEN, the shared secret every request but /health must carry.
 */
import { parseArgs } from "node:util";
import { resolveModelDir } from "../config";
import { ModelError } from "../models/errors";
import { loadModelOn, type Device } from "../models/device";
import { startEncoderServer } from "./server";

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: "string" }, host: { type: "string" }, model: { type: "string" }, device: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.log("usage: npm run encoder -- [--port 8789] [--host 127.0.0.1] [--model DIR] [--device auto|cpu|cuda]");
    return;
  }
  const port = Number(values.port ?? process.env.ENCODER_PORT ?? 8789);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ModelError(`--port must be a port number, not '${values.port}'`);
  const device = (values.device ?? "auto") as Device;
  if (!["auto", "cpu", "cuda"].includes(device)) throw new ModelError(`--device must be auto, cpu or cuda, not '${values.device}'`);

  const { model, device: ranOn } = await loadModelOn(resolveModelDir(process.env, values), device);
  let encoder;
  try {
    const token = process.env.ENCODER_TOKEN?.trim() || undefined;
    encoder = await startEncoderServer(model, { port, host: values.host ?? process.env.ENCODER_HOST ?? "127.0.0.1", token });
  } catch (error) {
    await model.close();
    const code = (error as { code?: string }).code;
    throw new ModelError(code === "EADDRINUSE" ? `port ${port} is already in use: pick another with --port` : (error as Error).message);
  }
  console.log(`query encoder: ${model.manifest.id} (${model.manifest.dimensions}-d, on ${ranOn}) at ${encoder.url}${process.env.ENCODER_TOKEN?.trim() ? ", token required" : ""}`);

  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, async () => {
      if (stopping) return;
      stopping = true;
      await encoder.close();
      await model.close();
      process.exit(0);
    });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ModelError) console.error(`encoder: ${error.message}`);
  else console.error(error);
  process.exit(1);
});
