/**
 * Azure facts that decide whether a value will be accepted by Azure, read from the pinned, dated
 * data files in `catalog/data/` (each names its source and how to refresh it:
 * `npm run refresh:azure-data`). No cdktf.
 */
import limitsData from '../catalog/data/azure-limits.json';
import openAiData from '../catalog/data/azure-openai-models.json';
import quotaData from '../catalog/data/azure-openai-quota.json';
import regionsData from '../catalog/data/azure-regions.json';
import retirementsData from '../catalog/data/azure-openai-retirements.json';

/** An Azure region, by its programmatic name. */
export interface AzureRegion {
  /** Programmatic name, e.g. `eastus`. */
  readonly name: string;
  /** Display name, e.g. `East US`. */
  readonly displayName: string;
  /** True when a subscription needs an access request to deploy there. */
  readonly restricted?: boolean;
}

/** Every Azure public-cloud region (`catalog/data/azure-regions.json`). */
export const AZURE_REGIONS: readonly AzureRegion[] = regionsData.regions;

/** Where the full region list is, for messages. */
export const REGIONS_FILE = 'catalog/data/azure-regions.json';

/** Where the full Azure OpenAI model list is, for messages. */
export const OPENAI_MODELS_FILE = 'catalog/data/azure-openai-models.json';

/** Finds a region by programmatic name, case-insensitively. */
export function findRegion(name: string): AzureRegion | undefined {
  const wanted = name.trim().toLowerCase();
  return AZURE_REGIONS.find((r) => r.name === wanted);
}

/** A standard deployment SKU of one model version: the regions that offer it. */
export interface OpenAiSkuOffer {
  /** Programmatic names of the regions that offer it. */
  readonly regions: readonly string[];
}

/** One version of an Azure OpenAI model. */
export interface OpenAiModelVersion {
  /** Version, e.g. `2025-04-14`. */
  readonly version: string;
  /** Offers by deployment SKU (`GlobalStandard`, `DataZoneStandard`, `Standard`). */
  readonly skus: Readonly<Record<string, OpenAiSkuOffer>>;
}

/** An Azure OpenAI chat model with its versions. */
export interface OpenAiModel {
  /** Model name as Azure spells it, e.g. `gpt-4.1-mini`. */
  readonly name: string;
  /** Its versions, oldest first. */
  readonly versions: readonly OpenAiModelVersion[];
}

/** Azure OpenAI chat models (`catalog/data/azure-openai-models.json`). */
export const OPENAI_MODELS: readonly OpenAiModel[] = openAiData.models as readonly OpenAiModel[];

/** The deployment SKUs the model data covers; for the others only the model and version are known. */
export const OPENAI_SKUS_COVERED: readonly string[] = openAiData.skusCovered;

/** Finds an Azure OpenAI model by name, case-insensitively. */
export function findOpenAiModel(name: string): OpenAiModel | undefined {
  const wanted = name.trim().toLowerCase();
  return OPENAI_MODELS.find((m) => m.name.toLowerCase() === wanted);
}

/**
 * The Tier 1 default quota, in tokens per minute, of `model` (at `version`) with deployment `sku`
 * in one region, or undefined when the quota table does not list it
 * (`catalog/data/azure-openai-quota.json`).
 */
export function tier1QuotaTpm(model: string, version: string, sku: string): number | undefined {
  const rows = (quotaData.quotas as readonly { model: string; version?: string; sku: string; tpm: number }[]).filter(
    (q) => q.model === model && q.sku === sku,
  );
  return (rows.find((q) => q.version === version) ?? rows.find((q) => q.version === undefined))?.tpm;
}

/** The upper bounds of the counts kaito-aks takes (`catalog/data/azure-limits.json`). */
export const LIMITS = {
  /**
   * GPU nodes one Workspace may ask for: gpu-provisioner makes each GPU node its own AKS node pool,
   * and AKS allows 100 node pools per cluster, one of which is the system pool: 99.
   */
  maxGpuNodes:
    (limitsData.limits.aksMaxNodePoolsPerCluster.value - limitsData.limits.aksSystemNodePools.value) *
    limitsData.limits.gpuNodesPerNodePool.value,
  /** Azure OpenAI deployment capacity, in units (1,000 tokens per minute for standard deployments). */
  maxOpenAiCapacity: limitsData.limits.openAiMaxCapacityPerDeployment.value,
} as const;

/** Where the Azure OpenAI retirement schedule is, for messages. */
export const OPENAI_RETIREMENTS_FILE = 'catalog/data/azure-openai-retirements.json';

/** When the retirement schedule was read. */
export const OPENAI_RETIREMENTS_RETRIEVED: string = retirementsData.retrieved;

/** The retirement of one Azure OpenAI model version (`catalog/data/azure-openai-retirements.json`). */
export interface OpenAiRetirement {
  /** Lifecycle stage on the day the schedule was read: `Preview`, `GA`, `Legacy`, `Deprecated` or `Retired`. */
  readonly lifecycle?: string;
  /** The first day the version no longer works, when the schedule gives it. */
  readonly retiresOn?: string;
}

/** The retirement of `model` (as Azure spells it) at `version`, or undefined when the schedule does not list it. */
export function openAiRetirement(model: string, version: string): OpenAiRetirement | undefined {
  return (retirementsData.retirements as readonly (OpenAiRetirement & { model: string; version: string })[]).find(
    (r) => r.model === model && r.version === version,
  );
}
