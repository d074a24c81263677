import type { InferenceSession } from "onnxruntime-node";

export interface SessionChoice {
  /** onnxruntime execution providers, e.g. ["cuda", "cpu"] where the GPU build is installed. */
  executionProviders?: string[];
  /** Intra-op threads; absent: onnxruntime's default, one per physical core. */
  intraOpNumThreads?: number;
}

/**
 * The session options every encoder session of the project opens with (pipeline and query
 * encoder). `npm run bench -- embed` sweeps them on the random-weight CLIP ViT-B/32 in fp32 and
 * int8 (docs/benchmarks.md). On the shared 2-core machine it ran on, two identical settings
 * differed by up to 1.4x, so only the large effects are settled; the rest is reasoning:
 * - graphOptimizationLevel "all" (onnxruntime's default, set so it never drifts): int8 depends on
 *   its fusion of DynamicQuantizeLinear + MatMulInteger into one kernel.
 * - sequential execution: these graphs are a chain; the parallel executor was slower for both.
 * - the CPU memory arena stays on: off, every run allocates its activations again (slower for both).
 * - intra-op threads do not spin between ops (allow_spinning 0): the pipeline decodes images on
 *   the same cores, and spinning threads take the CPU time sharp needs. Within noise on bare runs.
 * - a fixed batch dimension (freeDimensionOverrides) is not used: the pipeline's last batch is short.
 */
export function sessionOptions(choice: SessionChoice = {}): InferenceSession.SessionOptions {
  return {
    executionProviders: choice.executionProviders ?? ["cpu"],
    graphOptimizationLevel: "all",
    executionMode: "sequential",
    enableCpuMemArena: true,
    ...(choice.intraOpNumThreads ? { intraOpNumThreads: choice.intraOpNumThreads } : {}),
    extra: { session: { intra_op: { allow_spinning: "0" } } },
  };
}
