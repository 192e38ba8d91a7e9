/**
 * The GPU fit rule: decide at synth what Kaito's controller would decide in the cluster.
 *
 * Kaito (v0.10.0 and v0.12.0, vLLM runtime, node auto-provisioning) does not check GPU memory in its
 * admission webhook. Its controller's node estimator (`pkg/workspace/estimator/nodesestimator`)
 * decides, and when it says no, the Workspace sits without nodes and the reason shows only in the
 * controller log. This module is that estimator, per release train:
 *
 * - available per GPU = (VM GPU memory / GPUs per VM) x gpu-memory-utilization (0.84);
 * - fixed overhead per GPU = 2.3 GiB + max model length (2048) x KV bytes per token / GPUs per VM;
 * - GPUs needed = floor(1.02 x weights / ((available - overhead) / (1 + weight factor))) + 1, where
 *   the weight factor is 0.05 from v0.12.0 on and 0 before; nodes = ceil(GPUs / GPUs per VM).
 *
 * Headroom, and why we trust it: for falcon-7b-instruct the rule needs 16.0 GiB on one GPU; we
 * measured 16.3 GiB peak at the full 2048-token context (`falcon-7b-gpu-memory.md`: 12.9 GiB weights,
 * 2.7 GiB activations and KV cache, 0.7 GiB CUDA context). An A10 offers 20.2 GiB under the rule, so
 * it keeps about 4 GiB (20%) spare; a 16 GB T4 offers 13.4 GiB and cannot hold the model at all. We
 * add no margin of our own: a stricter rule would reject sizes Kaito accepts, a looser one would
 * accept sizes on which the Workspace never gets nodes.
 */
import { GPU_SKUS, GpuSku } from './gpu-skus';
import { Preset } from './presets';
import { RELEASE_TRAINS } from './release-trains';

/** Why a size cannot serve a model; `undefined` when it can. */
export type FitFailure =
  | 'NOT_IN_RELEASE' // the release's SKU table lacks the size: "Unsupported SKU"
  | 'OVERHEAD_EXCEEDS_GPU' // the fixed overhead alone fills the GPU
  | 'NOT_SPLITTABLE' // the model cannot be split across GPUs and does not fit one
  | 'NOT_MULTI_NODE'; // the model cannot span nodes and does not fit one node

/** The estimator's verdict for one model on one size. */
export interface Fit {
  /** The size judged. */
  readonly sku: GpuSku;
  /** `undefined` when the size can serve the model. */
  readonly failure?: FitFailure;
  /** GPU memory the rule lets vLLM use on one GPU, GiB. */
  readonly availableGiBPerGpu: number;
  /** Memory the model needs on one GPU if it ran on one: weights + overhead, GiB. */
  readonly requiredGiBOnOneGpu: number;
  /** GPUs the estimator asks for (0 when the overhead alone does not fit). */
  readonly gpusNeeded: number;
  /** Nodes the estimator asks for (0 when the overhead alone does not fit). */
  readonly nodesNeeded: number;
}

const GIB = 1024 ** 3;

/** Runs the release's node estimator for `preset` on `sku`. */
export function estimateFit(preset: Preset, sku: GpuSku): Fit {
  const rule = RELEASE_TRAINS[preset.release].estimator;
  const perGpuGiB = sku.gpuMemoryGiB / sku.gpuCount;
  const availableGiBPerGpu = perGpuGiB * rule.gpuMemoryUtilization;
  const kvCacheGiB = (rule.defaultMaxModelLen * preset.kvCacheBytesPerToken) / sku.gpuCount / GIB;
  const fixedGiB = rule.baseOverheadGiB + kvCacheGiB;
  const weightsGiB = preset.modelSizeGiB * rule.weightExpansionFactor;
  const requiredGiBOnOneGpu = round(weightsGiB * (1 + rule.overheadWeightFactor) + fixedGiB);
  const base = { sku, availableGiBPerGpu: round(availableGiBPerGpu), requiredGiBOnOneGpu };

  if (!sku.kaitoReleases.includes(preset.release)) {
    return { ...base, failure: 'NOT_IN_RELEASE', gpusNeeded: 0, nodesNeeded: 0 };
  }
  if (availableGiBPerGpu <= fixedGiB) {
    return { ...base, failure: 'OVERHEAD_EXCEEDS_GPU', gpusNeeded: 0, nodesNeeded: 0 };
  }
  const weightsPerGpuGiB = (availableGiBPerGpu - fixedGiB) / (1 + rule.overheadWeightFactor);
  const gpusNeeded = Math.floor(weightsGiB / weightsPerGpuGiB) + 1;
  const nodesNeeded = Math.ceil(gpusNeeded / sku.gpuCount);
  const failure: FitFailure | undefined =
    gpusNeeded > 1 && !preset.splitAcrossGpus ? 'NOT_SPLITTABLE' : nodesNeeded > 1 && !preset.multiNode ? 'NOT_MULTI_NODE' : undefined;
  return { ...base, failure, gpusNeeded, nodesNeeded };
}

/**
 * The default size for a preset: among the sizes its release lists, not retired, with an NVIDIA GPU
 * (Kaito's vLLM images are CUDA builds), the one that fits with the least GPU memory in total over
 * the nodes it needs, then the fewest vCPUs in total, then by name. That is the cheapest that fits:
 * Azure prices GPU sizes by GPU first, and a model spread over many small GPUs pays for every node.
 */
export function cheapestFit(preset: Preset): Fit | undefined {
  const total = (f: Fit, per: number) => f.nodesNeeded * per;
  return GPU_SKUS.filter((s) => s.retiredOn === undefined && s.cudaComputeCapability !== undefined)
    .map((s) => estimateFit(preset, s))
    .filter((f) => f.failure === undefined)
    .sort(
      (a, b) =>
        total(a, a.sku.gpuMemoryGiB) - total(b, b.sku.gpuMemoryGiB) ||
        total(a, a.sku.vCpus) - total(b, b.sku.vCpus) ||
        // ordinal, not localeCompare: the same order everywhere, and no ICU collator to load (9 ms)
        (a.sku.name < b.sku.name ? -1 : 1),
    )[0];
}

function round(gib: number): number {
  return Math.round(gib * 100) / 100;
}
