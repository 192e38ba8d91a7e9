/**
 * Turns the Azure CLI's JSON into the data files of `catalog/data/`: pure functions, so the refresh
 * is tested on small fixtures without Azure. `scripts/refresh-azure-data.ts` runs them on real output.
 */

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
