/**
 * Azure GPU VM sizes that Kaito knows, with what the fit rule and the quota check need.
 *
 * Sources: `azure-gpu-skus.csv` (Kaito `pkg/sku/azure_sku_handler.go` at v0.8.1 and v0.12.0; in
 * `../shared/reference/kaito/`, not copied) for GPU count, GPU memory, GPU model and which releases list
 * the size; vCPUs and quota family from the Azure VM size docs (family names as `az vm list-usage`
 * reports them); retirement dates from Azure's retirement notices, checked 2026-11.
 */
import addonData from './data/kaito-0.6.0.json';
import type { KaitoVersion, ReleaseVersion } from './release-trains';

/** A GPU VM size. */
export interface GpuSku {
  /** The VM size, e.g. `Standard_NV36ads_A10_v5`. */
  readonly name: string;
  /** GPUs per VM. */
  readonly gpuCount: number;
  /** GPU memory of the whole VM, GiB. */
  readonly gpuMemoryGiB: number;
  /** GPU model, e.g. `NVIDIA A10`. */
  readonly gpuModel: string;
  /** CUDA compute capability, or undefined for non-NVIDIA GPUs. */
  readonly cudaComputeCapability?: number;
  /** vCPUs per VM: what the regional family quota counts. */
  readonly vCpus: number;
  /** The regional vCPU quota family to request. */
  readonly quotaFamily: string;
  /**
   * The Kaito releases whose SKU table lists this size: the Helm trains as given below, plus 0.6.0
   * (the AKS add-on's) when `data/kaito-0.6.0.json`, Kaito v0.6.0's own table, lists it.
   */
  readonly kaitoReleases: readonly KaitoVersion[];
  /** ISO date on which Azure retired the size, if it did. */
  readonly retiredOn?: string;
}

const BOTH: readonly ReleaseVersion[] = ['0.10.0', '0.12.0'];
// Dropped by Kaito v0.11.0 (AMD MI25) or v0.12.0 (GPUs under CUDA compute capability 8.0).
const UNTIL_0_10: readonly ReleaseVersion[] = ['0.10.0'];
// Dropped by Kaito v0.9.0: listed by no supported release.
const NONE: readonly ReleaseVersion[] = [];

function sku(
  name: string,
  gpuCount: number,
  gpuMemoryGiB: number,
  gpuModel: string,
  cudaComputeCapability: number | undefined,
  vCpus: number,
  quotaFamily: string,
  kaitoReleases: readonly ReleaseVersion[],
  retiredOn?: string,
): GpuSku {
  const addon: readonly KaitoVersion[] = addonData.skus.some((s) => s.name === name) ? ['0.6.0'] : [];
  return {
    name,
    gpuCount,
    gpuMemoryGiB,
    gpuModel,
    cudaComputeCapability,
    vCpus,
    quotaFamily,
    kaitoReleases: [...addon, ...kaitoReleases],
    retiredOn,
  };
}

/** Every GPU size Kaito has listed since v0.8.1, newest families first. */
export const GPU_SKUS: readonly GpuSku[] = [
  sku('Standard_NV36ads_A10_v5', 1, 24, 'NVIDIA A10', 8.6, 36, 'standardNVADSA10v5Family', BOTH),
  sku('Standard_NV72ads_A10_v5', 2, 48, 'NVIDIA A10', 8.6, 72, 'standardNVADSA10v5Family', BOTH),
  sku('Standard_NC24ads_A100_v4', 1, 80, 'NVIDIA A100', 8.0, 24, 'StandardNCADSA100v4Family', BOTH),
  sku('Standard_NC48ads_A100_v4', 2, 160, 'NVIDIA A100', 8.0, 48, 'StandardNCADSA100v4Family', BOTH),
  sku('Standard_NC96ads_A100_v4', 4, 320, 'NVIDIA A100', 8.0, 96, 'StandardNCADSA100v4Family', BOTH),
  sku('Standard_ND96asr_A100_v4', 8, 320, 'NVIDIA A100', 8.0, 96, 'standardNDASv4_A100Family', BOTH),
  sku('Standard_ND96amsr_A100_v4', 8, 640, 'NVIDIA A100', 8.0, 96, 'standardNDAMSv4_A100Family', BOTH),
  sku('Standard_NC40ads_H100_v5', 1, 94, 'NVIDIA H100', 9.0, 40, 'standardNCadsH100v5Family', BOTH),
  sku('Standard_NC80adis_H100_v5', 2, 188, 'NVIDIA H100', 9.0, 80, 'standardNCadsH100v5Family', BOTH),
  sku('Standard_ND96isr_H100_v5', 8, 640, 'NVIDIA H100', 9.0, 96, 'standardNDSH100v5Family', BOTH),
  sku('Standard_NCC40ads_H100_v5', 1, 94, 'NVIDIA H100', 9.0, 40, 'standardNCCadsH100v5Family', BOTH),
  sku('Standard_ND96isr_H200_v5', 8, 1128, 'NVIDIA H200', 9.0, 96, 'standardNDSH200v5Family', BOTH),
  sku('Standard_NG32ads_V620_v1', 1, 32, 'AMD Radeon PRO V620', undefined, 32, 'standardNGADSV620v1Family', BOTH),
  sku('Standard_NG32adms_V620_v1', 1, 32, 'AMD Radeon PRO V620', undefined, 32, 'standardNGADSV620v1Family', BOTH),
  sku('Standard_NC6s_v3', 1, 16, 'NVIDIA V100', 7.0, 6, 'standardNCSv3Family', NONE, '2025-09-30'),
  sku('Standard_NC12s_v3', 2, 32, 'NVIDIA V100', 7.0, 12, 'standardNCSv3Family', NONE, '2025-09-30'),
  sku('Standard_NC24s_v3', 4, 64, 'NVIDIA V100', 7.0, 24, 'standardNCSv3Family', NONE, '2025-09-30'),
  sku('Standard_NC24rs_v3', 4, 64, 'NVIDIA V100', 7.0, 24, 'standardNCSv3Family', NONE, '2025-09-30'),
  sku('Standard_NC4as_T4_v3', 1, 16, 'NVIDIA T4', 7.5, 4, 'standardNCASv3_T4Family', UNTIL_0_10),
  sku('Standard_NC8as_T4_v3', 1, 16, 'NVIDIA T4', 7.5, 8, 'standardNCASv3_T4Family', UNTIL_0_10),
  sku('Standard_NC16as_T4_v3', 1, 16, 'NVIDIA T4', 7.5, 16, 'standardNCASv3_T4Family', UNTIL_0_10),
  sku('Standard_NC64as_T4_v3', 4, 64, 'NVIDIA T4', 7.5, 64, 'standardNCASv3_T4Family', UNTIL_0_10),
  sku('Standard_NV6', 1, 8, 'NVIDIA M60', 5.2, 6, 'standardNVFamily', NONE, '2023-09-06'),
  sku('Standard_NV12', 2, 16, 'NVIDIA M60', 5.2, 12, 'standardNVFamily', NONE, '2023-09-06'),
  sku('Standard_NV24', 4, 32, 'NVIDIA M60', 5.2, 24, 'standardNVFamily', NONE, '2023-09-06'),
  sku('Standard_NV12s_v3', 1, 8, 'NVIDIA M60', 5.2, 12, 'standardNVSv3Family', UNTIL_0_10, '2026-09-30'),
  sku('Standard_NV24s_v3', 2, 16, 'NVIDIA M60', 5.2, 24, 'standardNVSv3Family', UNTIL_0_10, '2026-09-30'),
  sku('Standard_NV48s_v3', 4, 32, 'NVIDIA M60', 5.2, 48, 'standardNVSv3Family', UNTIL_0_10, '2026-09-30'),
  sku('Standard_NV32as_v4', 1, 16, 'AMD Radeon Instinct MI25', undefined, 32, 'standardNVSv4Family', UNTIL_0_10, '2026-09-30'),
];

/** Finds a GPU size by name, ignoring case (Azure treats VM size names case-insensitively). */
export function findGpuSku(name: string): GpuSku | undefined {
  const wanted = name.toLowerCase();
  return GPU_SKUS.find((s) => s.name.toLowerCase() === wanted);
}
