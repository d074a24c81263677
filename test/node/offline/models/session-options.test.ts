import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ort from "onnxruntime-node";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { buildContractModel } from "../../../../offline/models/contract-model";
import { loadModelOn } from "../../../../offline/models/device";
import { writeModelFolder } from "../../../../offline/models/model-folder";
import { sessionOptions } from "../../../../offline/models/session-options";

const dirs: string[] = [];
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe("encoder session options", () => {
  it("are the measured choice: all graph optimisations, sequential, arena on, no spinning", () => {
    expect(sessionOptions()).toEqual({
      executionProviders: ["cpu"],
      graphOptimizationLevel: "all",
      executionMode: "sequential",
      enableCpuMemArena: true,
      extra: { session: { intra_op: { allow_spinning: "0" } } },
    });
    expect(sessionOptions({ intraOpNumThreads: 3, executionProviders: ["cuda", "cpu"] })).toMatchObject({ intraOpNumThreads: 3, executionProviders: ["cuda", "cpu"] });
  });

  it("are what the pipeline and the query encoder open both encoders with", async () => {
    const dir = await mkdtemp(join(tmpdir(), "session-options-"));
    dirs.push(dir);
    await writeModelFolder(dir, buildContractModel({ dimensions: 8 }));
    const create = vi.spyOn(ort.InferenceSession, "create");
    const { model } = await loadModelOn(dir, "cpu", 2);
    await model.close();
    const calls = create.mock.calls.filter(([path]) => String(path).startsWith(dir));
    expect(calls).toHaveLength(2);
    for (const [, options] of calls) expect(options).toEqual(sessionOptions({ executionProviders: ["cpu"], intraOpNumThreads: 2 }));
  });
});
