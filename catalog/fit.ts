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
import { GPU_PRICES, GpuPricesFile, NodePrice, nodePrice, PRICE_FALLBACK_REGION } from './prices';
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

/** The default size for a preset in a region, with what the choice rests on. */
export interface SizeChoice {
  /** The estimator's verdict on the chosen size. */
  readonly fit: Fit;
  /** The list price of one node of it, when the price table has one (see {@link nodePrice}). */
  readonly price?: NodePrice;
  /**
   * `price`: the lowest total hourly list price among the sizes that fit and have a price; `size`:
   * no size that fits has a price, so the one with the least GPU memory (then vCPUs) was taken.
   */
  readonly basis: 'price' | 'size';
  /** Sizes that fit but have no price here (nor in the fallback region): never compared by price. */
  readonly unpriced: readonly GpuSku[];
}

/**
 * The default size for a preset in `region`: among the sizes Kaito's estimator gives nodes and our
 * policy allows (see {@link refusedByPolicy}), the lowest total hourly list price (nodes x price of
 * one node, {@link nodePrice}: the region's pay-as-you-go Linux price, or the fallback region's where
 * the region has none), ties by total quota vCPUs, then by name. Sizes without any price rank after
 * every priced one, by total GPU memory, then total vCPUs, then name: the smallest, never a guess of
 * what they cost. `prices.test.ts` checks it for every preset of every release, in five regions,
 * against Kaito's own estimates and the price table.
 */
export function chooseSize(
  preset: Preset,
  region: string = PRICE_FALLBACK_REGION,
  prices: GpuPricesFile = GPU_PRICES,
): SizeChoice | undefined {
  const fits = GPU_SKUS.filter((s) => refusedByPolicy(s) === undefined)
    .map((s) => estimateFit(preset, s))
    .filter((f) => f.failure === undefined)
    .map((fit) => ({ fit, price: nodePrice(fit.sku.name, region, prices) }));
  const total = (f: Fit, per: number) => f.nodesNeeded * per;
  // prices in micro-units, so that 2 x 3.2 and 6.4 tie
  const cost = (c: (typeof fits)[number]) => Math.round(total(c.fit, c.price?.hourly ?? 0) * 1e6);
  const ranked = fits.sort(
    (a, b) =>
      Number(a.price === undefined) - Number(b.price === undefined) ||
      cost(a) - cost(b) ||
      (a.price === undefined ? total(a.fit, a.fit.sku.gpuMemoryGiB) - total(b.fit, b.fit.sku.gpuMemoryGiB) : 0) ||
      total(a.fit, a.fit.sku.vCpus) - total(b.fit, b.fit.sku.vCpus) ||
      (a.fit.sku.name < b.fit.sku.name ? -1 : 1),
  );
  const first = ranked[0];
  if (!first) return undefined;
  return {
    fit: first.fit,
    price: first.price,
    basis: first.price ? 'price' : 'size',
    unpriced: ranked.filter((c) => c.price === undefined).map((c) => c.fit.sku),
  };
}

/** The default size's verdict for a preset in `region` (see {@link chooseSize}). */
export function cheapestFit(preset: Preset, region: string = PRICE_FALLBACK_REGION): Fit | undefined {
  return chooseSize(preset, region)?.fit;
}

function round(gib: number): number {
  return Math.round(gib * 100) / 100;
}
