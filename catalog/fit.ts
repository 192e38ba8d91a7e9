/**
 * The GPU fit rule: decide at synth what Kaito's controller would decide in the cluster.
 *
 * Kaito (v0.10.0 and v0.12.0, vLLM runtime, node auto-provisioning) does not check GPU memory in its
 * admission webhook. Its controller's node estimator (`pkg/workspace/estimator/nodesestimator`)
 * decides, and when it says no, the Workspace sits without nodes and the reason shows only in the
 * controller log. This module is that estimator, per release train, fed with Kaito's own preset facts
 * (`presets.ts`):
 *
 * - fixed overhead per GPU = 2.3 GiB + max model length (2048) x KV bytes per token / GPUs per VM;
 * - a model Kaito may split across GPUs: available per GPU = (VM GPU memory / GPUs per VM) x
 *   gpu-memory-utilization (0.84); GPUs needed = floor(1.02 x weights / ((available - overhead) /
 *   (1 + weight factor))) + 1, where the weight factor is 0.05 from v0.12.0 on and 0 before;
 *   nodes = ceil(GPUs / GPUs per VM), and more than one node only for a model Kaito may distribute;
 * - a model Kaito may not split (`DisableTensorParallelism`, falcon-7b) must fit one GPU whole:
 *   1.02 x weights + overhead against the GPU's full memory.
 *
 * `__tests__/catalog/estimate.test.ts` proves the verdict, nodes and GPUs equal to Kaito's own
 * estimator (`kaito-oracle/estimate-<release>.jsonl` in `../shared/reference/kaito/`) for every preset,
 * alias and size.
 *
 * Headroom, and why we trust it: for falcon-7b-instruct the rule needs 16.0 GiB on one GPU; we
 * measured 16.3 GiB peak at the full 2048-token context (`falcon-7b-gpu-memory.md`: 12.9 GiB weights,
 * 2.7 GiB activations and KV cache, 0.7 GiB CUDA context). An A10 has 24 GiB, so it keeps about 8 GiB
 * spare; a 16 GB T4 cannot hold the model at all. We add no margin of our own: a stricter rule would
 * reject sizes Kaito accepts, a looser one would accept sizes on which the Workspace never gets nodes.
 */
import { GPU_SKUS, GpuSku } from './gpu-skus';
import { Preset } from './presets';
import { RELEASE_TRAINS } from './release-trains';

/** Why Kaito's estimator gives a size no nodes for a model; `undefined` when it does. */
export type FitFailure =
  | 'NOT_IN_RELEASE' // the release's SKU table lacks the size: "Unsupported SKU"
  | 'OVERHEAD_EXCEEDS_GPU' // the fixed overhead alone fills the GPU
  | 'NOT_SPLITTABLE' // the model cannot be split across GPUs and does not fit one: "GPU memory ... is too small"
  | 'NOT_MULTI_NODE'; // the model cannot span nodes and does not fit one node: "cannot be distributed across more than 1 GPU node"

/** The estimator's verdict for one model on one size. */
export interface Fit {
  /** The size judged. */
  readonly sku: GpuSku;
  /** `undefined` when the size can serve the model. */
  readonly failure?: FitFailure;
  /**
   * GPU memory the rule lets the model use on one GPU, GiB: the GPU's memory x 0.84 for a model
   * split by tensor parallelism, the whole GPU for one that cannot be split.
   */
  readonly availableGiBPerGpu: number;
  /** Memory the model would need on one GPU if it ran on one: weights + overhead, GiB. */
  readonly requiredGiBOnOneGpu: number;
  /** Memory the model needs on each GPU when split over `gpusNeeded` GPUs (weights / GPUs + overhead), GiB. */
  readonly requiredGiBPerGpu: number;
  /** GPUs the estimator computes (0 when it stops before counting: unknown size, overhead too big, not splittable). */
  readonly gpusNeeded: number;
  /** Nodes the estimator gives the Workspace (0 when it fails, as Kaito reports). */
  readonly nodesNeeded: number;
}

const GIB = 1024 ** 3;

/** Runs the release's node estimator for `preset` on `sku`. */
export function estimateFit(preset: Preset, sku: GpuSku): Fit {
  const rule = RELEASE_TRAINS[preset.release].estimator;
  const perGpuGiB = sku.gpuMemoryGiB / sku.gpuCount;
  const availableGiBPerGpu = preset.splitAcrossGpus ? perGpuGiB * rule.gpuMemoryUtilization : perGpuGiB;
  const kvCacheGiB = (rule.defaultMaxModelLen * preset.kvCacheBytesPerToken) / sku.gpuCount / GIB;
  const fixedGiB = rule.baseOverheadGiB + kvCacheGiB;
  const weightsGiB = preset.modelSizeGiB * rule.weightExpansionFactor;
  // what the model needs on each of `gpus` GPUs, GiB
  const needPerGpu = (gpus: number) => (weightsGiB / gpus) * (1 + rule.overheadWeightFactor) + fixedGiB;
  const verdict = (failure: FitFailure | undefined, gpusNeeded: number, nodesNeeded: number): Fit => ({
    sku,
    failure,
    availableGiBPerGpu: round(availableGiBPerGpu),
    requiredGiBOnOneGpu: round(needPerGpu(1)),
    requiredGiBPerGpu: round(needPerGpu(Math.max(gpusNeeded, 1))),
    gpusNeeded,
    nodesNeeded: failure ? 0 : nodesNeeded,
  });

  if (!sku.kaitoReleases.includes(preset.release)) return verdict('NOT_IN_RELEASE', 0, 0);
  if (!preset.splitAcrossGpus) {
    return perGpuGiB < needPerGpu(1) ? verdict('NOT_SPLITTABLE', 0, 0) : verdict(undefined, 1, 1);
  }
  if (availableGiBPerGpu <= fixedGiB) return verdict('OVERHEAD_EXCEEDS_GPU', 0, 0);
  const weightsPerGpuGiB = (availableGiBPerGpu - fixedGiB) / (1 + rule.overheadWeightFactor);
  const gpusNeeded = Math.floor(weightsGiB / weightsPerGpuGiB) + 1;
  const nodesNeeded = Math.ceil(gpusNeeded / sku.gpuCount);
  return verdict(nodesNeeded > 1 && !preset.multiNode ? 'NOT_MULTI_NODE' : undefined, gpusNeeded, nodesNeeded);
}

/**
 * Sizes kaito-aks refuses by its own policy although Kaito lists them: a GPU that is not NVIDIA
 * (Kaito's vLLM images are CUDA builds), or a size Azure has retired (it can no longer be created).
 */
export function refusedByPolicy(sku: GpuSku): 'NOT_NVIDIA' | 'RETIRED' | undefined {
  return sku.cudaComputeCapability === undefined ? 'NOT_NVIDIA' : sku.retiredOn !== undefined ? 'RETIRED' : undefined;
}

/**
 * The default size for a preset: among the sizes Kaito's estimator gives nodes and our policy allows
 * (see {@link refusedByPolicy}), the one with the least GPU memory in total over the nodes it needs,
 * then the fewest vCPUs in total. That is the cheapest that fits: Azure prices GPU sizes by GPU
 * first, and a model spread over many small GPUs pays for every node. Sizes that tie keep their order
 * in {@link GPU_SKUS} (the sort is stable), which lists the sizes that can tie (the 1-GPU H100 sizes;
 * A100 and A10 sizes of equal total) in name order, so the choice among them is the first by name;
 * `estimate.test.ts` checks that for every preset, against Kaito's own estimates.
 */
export function cheapestFit(preset: Preset): Fit | undefined {
  const total = (f: Fit, per: number) => f.nodesNeeded * per;
  return GPU_SKUS.filter((s) => refusedByPolicy(s) === undefined)
    .map((s) => estimateFit(preset, s))
    .filter((f) => f.failure === undefined)
    .sort((a, b) => total(a, a.sku.gpuMemoryGiB) - total(b, b.sku.gpuMemoryGiB) || total(a, a.sku.vCpus) - total(b, b.sku.vCpus))[0];
}

function round(gib: number): number {
  return Math.round(gib * 100) / 100;
}
