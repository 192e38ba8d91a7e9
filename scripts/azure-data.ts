/**
 * Turns the Azure CLI's JSON and the Azure Retail Prices API's answers into the data files of
 * `catalog/data/`: pure functions (the page fetch takes its reader), so the refresh is tested on small
 * fixtures without Azure. `scripts/refresh-azure-data.ts` runs them on real output.
 */
import type { GpuPricesFile } from '../catalog/prices';

/** One entry of `az account list-locations --output json`. */
interface AzLocation {
  readonly name: string;
  readonly displayName: string;
  readonly metadata?: { readonly regionType?: string };
}

/** One entry of `az cognitiveservices model list --location <region> --output json`. */
interface AzModel {
  readonly kind?: string;
  readonly model?: {
    readonly format?: string;
    readonly name?: string;
    readonly version?: string;
    readonly capabilities?: Readonly<Record<string, string>>;
    readonly deprecation?: { readonly inference?: string };
    readonly skus?: readonly { readonly name: string; readonly deprecationDate?: string }[];
  };
}

/** A region as `catalog/data/azure-regions.json` keeps it. */
export interface RegionEntry {
  readonly name: string;
  readonly displayName: string;
  readonly restricted?: boolean;
}

/** The regions file. */
export interface RegionsFile {
  readonly description: string;
  readonly source: string;
  readonly retrieved: string;
  readonly refresh: string;
  readonly regions: readonly RegionEntry[];
}

/** The Azure OpenAI models file. */
export interface OpenAiModelsFile {
  readonly description: string;
  readonly source: string;
  readonly retrieved: string;
  readonly refresh: string;
  readonly skusCovered: readonly string[];
  readonly models: readonly {
    readonly name: string;
    readonly versions: readonly { readonly version: string; readonly skus: Record<string, { regions: string[] }> }[];
  }[];
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The physical regions of `az account list-locations` (logical ones such as `global` or `europe`
 * and the EUAP canary regions dropped), sorted; `restricted` is kept from `previous`, since the CLI
 * does not say which regions need an access request.
 */
export function regionsFromAz(locations: readonly AzLocation[], previous: RegionsFile, retrieved: string): RegionsFile {
  const restricted = new Set(previous.regions.filter((r) => r.restricted).map((r) => r.name));
  const regions = locations
    .filter((l) => l.metadata?.regionType === 'Physical' && !l.name.endsWith('euap'))
    .map(
      (l): RegionEntry =>
        restricted.has(l.name)
          ? { name: l.name, displayName: l.displayName, restricted: true }
          : { name: l.name, displayName: l.displayName },
    )
    .sort(byName);
  return {
    ...previous,
    source: 'az account list-locations (Azure CLI): the physical regions, without the EUAP canary regions',
    retrieved,
    regions,
  };
}

/**
 * The Azure OpenAI chat models (format OpenAI, capability chatCompletion) of each region's
 * `az cognitiveservices model list`, with, per version, the covered SKUs and the regions that offer
 * each. Models and SKUs whose inference deprecation date is on or before `retrieved` are dropped.
 */
export function openAiModelsFromAz(
  byRegion: Readonly<Record<string, readonly AzModel[]>>,
  previous: OpenAiModelsFile,
  retrieved: string,
): OpenAiModelsFile {
  const live = (date: string | undefined) => date === undefined || date.slice(0, 10) > retrieved;
  const offers = new Map<string, Map<string, Map<string, Set<string>>>>();
  for (const [region, entries] of Object.entries(byRegion)) {
    for (const { kind, model } of entries) {
      if (kind !== 'OpenAI' || model?.format !== 'OpenAI' || !model.name || !model.version) continue;
      if (model.capabilities?.chatCompletion !== 'true' || !live(model.deprecation?.inference)) continue;
      for (const sku of model.skus ?? []) {
        if (!previous.skusCovered.includes(sku.name) || !live(sku.deprecationDate)) continue;
        const versions = offers.get(model.name) ?? new Map<string, Map<string, Set<string>>>();
        const skus = versions.get(model.version) ?? new Map<string, Set<string>>();
        const regions = skus.get(sku.name) ?? new Set<string>();
        regions.add(region);
        skus.set(sku.name, regions);
        versions.set(model.version, skus);
        offers.set(model.name, versions);
      }
    }
  }
  const models = [...offers]
    .map(([name, versions]) => ({
      name,
      versions: [...versions]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([version, skus]) => ({
          version,
          skus: Object.fromEntries(
            previous.skusCovered.filter((s) => skus.has(s)).map((s) => [s, { regions: [...(skus.get(s) ?? [])].sort() }]),
          ),
        })),
    }))
    .sort(byName);
  return {
    ...previous,
    source: 'az cognitiveservices model list (Azure CLI), one run per region: format OpenAI, capability chatCompletion',
    retrieved,
    models,
  };
}

/** One item of the Azure Retail Prices API's answer (`prices.azure.com/api/retail/prices`), the fields read. */
export interface RetailPriceItem {
  readonly currencyCode?: string;
  readonly retailPrice: number;
  readonly armRegionName: string;
  readonly armSkuName: string;
  readonly meterName: string;
  readonly skuName: string;
  readonly productName: string;
  readonly serviceName: string;
  /** The price type: `Consumption`, `Reservation`, `DevTestConsumption`. */
  readonly type: string;
  readonly unitOfMeasure?: string;
  readonly effectiveStartDate?: string;
}

/** One page of the API's answer. */
export interface RetailPricePage {
  readonly Items: readonly RetailPriceItem[];
  readonly NextPageLink?: string | null;
}

/** The API, its version (the one whose filters are case-sensitive and that can keep primary meters only). */
export const RETAIL_PRICES_API = 'https://prices.azure.com/api/retail/prices?api-version=2023-01-01-preview';

/** Pages the fetch follows at most: a guard against a NextPageLink loop (an answer for 29 sizes is a few pages). */
export const MAX_RETAIL_PAGES = 200;

/**
 * The API query for the pay-as-you-go meters of `skuNames` in every region: Linux, Windows, Spot and
 * Low Priority come back together, {@link gpuPricesFromRetail} keeps Linux and Spot.
 */
export function retailPricesUrl(skuNames: readonly string[]): string {
  const sizes = skuNames.map((n) => `armSkuName eq '${n}'`).join(' or ');
  const filter = `serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and (${sizes})`;
  return `${RETAIL_PRICES_API}&meterRegion='primary'&$filter=${encodeURIComponent(filter)}`;
}

/** Every item of the answer to `url`, following `NextPageLink`; `get` reads one page (fetch, or a recorded answer). */
export async function fetchRetailPrices(url: string, get: (url: string) => Promise<RetailPricePage>): Promise<RetailPriceItem[]> {
  const items: RetailPriceItem[] = [];
  let next: string | null | undefined = url;
  for (let page = 0; next; page++) {
    if (page === MAX_RETAIL_PAGES) throw new Error(`the Retail Prices API gave more than ${MAX_RETAIL_PAGES} pages; stopped at ${next}`);
    const answer: RetailPricePage = await get(next);
    items.push(...answer.Items);
    next = answer.NextPageLink;
  }
  return items;
}

/**
 * The price file from the API's items: for each of `skuNames`, per region, the hourly USD price of
 * the Linux pay-as-you-go meter (products ending in ` Windows` and meters ending in ` Low Priority`
 * dropped) and of the Spot meter (` Spot`), the latest `effectiveStartDate` where a meter repeats.
 * Sizes the API did not price keep empty maps: no price is carried over from `previous`.
 */
export function gpuPricesFromRetail(
  items: readonly RetailPriceItem[],
  skuNames: readonly string[],
  previous: GpuPricesFile,
  retrieved: string,
): GpuPricesFile {
  const byLower = new Map(skuNames.map((n) => [n.toLowerCase(), n]));
  const kept = new Map<string, RetailPriceItem>();
  for (const item of items) {
    const name = byLower.get(item.armSkuName.toLowerCase());
    if (!name || item.serviceName !== 'Virtual Machines' || item.type !== 'Consumption') continue;
    if ((item.currencyCode ?? 'USD') !== 'USD' || (item.unitOfMeasure ?? '1 Hour') !== '1 Hour') continue;
    if (item.productName.endsWith(' Windows') || [item.meterName, item.skuName].some((m) => m.endsWith(' Low Priority'))) continue;
    const kind = [item.meterName, item.skuName].some((m) => m.endsWith(' Spot')) ? 'spot' : 'linux';
    const key = `${name}\u0000${kind}\u0000${item.armRegionName}`;
    const seen = kept.get(key);
    if (!seen || (item.effectiveStartDate ?? '') >= (seen.effectiveStartDate ?? '')) kept.set(key, item);
  }
  const sizes: Record<string, { linux: Record<string, number>; spot: Record<string, number> }> = Object.fromEntries(
    skuNames.map((n) => [n, { linux: {}, spot: {} }]),
  );
  const regions = new Set<string>();
  for (const [key, item] of [...kept].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [name, kind] = key.split('\u0000') as [string, 'linux' | 'spot'];
    sizes[name][kind][item.armRegionName] = item.retailPrice;
    regions.add(item.armRegionName);
  }
  return {
    ...previous,
    source:
      "Azure Retail Prices API (prices.azure.com, api-version 2023-01-01-preview, primary meters): serviceName 'Virtual Machines', priceType 'Consumption', USD, the catalog's armSkuNames; products ending in ' Windows' and meters ending in ' Low Priority' dropped, ' Spot' meters kept apart",
    retrieved,
    regionsCovered: [...regions].sort(),
    spotCovered: true,
    sizes,
  };
}
