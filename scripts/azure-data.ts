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

/** One AKS Kubernetes minor version of `catalog/data/aks-kubernetes-versions.json`. */
export interface AksVersionEntry {
  /** Minor version, `1.36`. */
  readonly version: string;
  /** The calendar's "AKS GA" column as written, e.g. `Jun 2026`. */
  readonly aksGa: string;
  /** The calendar's "End of life" column as written, e.g. `Jun 2027` or `Aug 22, 2025`. */
  readonly endOfLife: string;
  /** The first day without community support: that date, or the last day of that month (the page's rule). */
  readonly communitySupportEndsOn: string;
  /** The LTS table's "LTS End of life" as written, when the version has LTS. */
  readonly ltsEndOfLife?: string;
  /** The same as a day, by the same rule. */
  readonly ltsEndsOn?: string;
}

/** The AKS Kubernetes versions file. */
export interface AksVersionsFile {
  readonly description: string;
  readonly source: string;
  readonly retrieved: string;
  readonly refresh: string;
  readonly versions: readonly AksVersionEntry[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A calendar date of the AKS page as an ISO day: `Aug 22, 2025` as written, `Mar 2026` as the last
 * day of the month (the page: "Unless an explicit date is provided, the End of Life (EOL) date is the
 * last day of the specified month"). Undefined for anything else.
 */
export function aksCalendarDay(text: string): string | undefined {
  const m = /^([A-Za-z]{3})[a-z]*\s+(?:(\d{1,2}),\s+)?(\d{4})$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[1].toLowerCase()) : -1;
  if (!m || month < 0) return undefined;
  const day = m[2] ? Number(m[2]) : new Date(Date.UTC(Number(m[3]), month + 1, 0)).getUTCDate();
  return `${m[3]}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The body rows, as trimmed cells, of each markdown table whose header row `header` accepts. */
function tableRows(markdown: string, header: (cells: string[]) => boolean): string[][][] {
  const tables: string[][][] = [];
  let current: string[][] | undefined;
  for (const line of markdown.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('|')) {
      current = undefined;
      continue;
    }
    const cells = trimmed
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
    if (!current) {
      if (header(cells)) tables.push((current = []));
      continue;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    current.push(cells);
  }
  return tables;
}

/**
 * The AKS release calendar of `supported-kubernetes-versions.md` (MicrosoftDocs/azure-aks-docs): per
 * minor version its GA month and end of community support from the calendar table, and its LTS end
 * from the LTS table, each date also as a day. A version only in the LTS table takes its GA and end
 * of life from there.
 */
export function aksVersionsFromDocs(markdown: string, previous: AksVersionsFile, retrieved: string, source: string): AksVersionsFile {
  const tables = tableRows(markdown, (c) => /^(K8s|Kubernetes) version$/i.test(c[0] ?? '') && c.includes('End of life'));
  const byVersion = new Map<string, AksVersionEntry>();
  for (const rows of tables) {
    for (const [version, , , aksGa, endOfLife, last] of rows) {
      if (!/^\d+\.\d+$/.test(version ?? '')) continue;
      const ends = aksCalendarDay(endOfLife ?? '');
      if (!ends) throw new Error(`AKS calendar: cannot read the end of life "${endOfLife}" of ${version}`);
      const lts = last !== undefined ? aksCalendarDay(last) : undefined;
      const entry: AksVersionEntry = byVersion.get(version) ?? { version, aksGa, endOfLife, communitySupportEndsOn: ends };
      byVersion.set(version, lts ? { ...entry, ltsEndOfLife: last, ltsEndsOn: lts } : entry);
    }
  }
  if (byVersion.size === 0) throw new Error('AKS calendar: no "Kubernetes version ... End of life" table found');
  const minor = (v: string) => v.split('.').map(Number);
  const versions = [...byVersion.values()].sort(
    (a, b) => minor(a.version)[0] - minor(b.version)[0] || minor(a.version)[1] - minor(b.version)[1],
  );
  return { ...previous, source, retrieved, versions };
}

/** One Azure OpenAI model version of `catalog/data/azure-openai-retirements.json`. */
export interface OpenAiRetirementEntry {
  readonly model: string;
  readonly version: string;
  /** The schedule's lifecycle stage: `Preview`, `GA`, `Legacy`, `Deprecated` or `Retired`; undefined when not listed. */
  readonly lifecycle?: string;
  /** The schedule's retirement date, when it gives one. */
  readonly retiresOn?: string;
  /** Why a date is missing. */
  readonly note?: string;
}

/** The Azure OpenAI retirements file. */
export interface OpenAiRetirementsFile {
  readonly description: string;
  readonly source: string;
  readonly retrieved: string;
  readonly refresh: string;
  readonly deprecationDates: string;
  readonly retirements: readonly OpenAiRetirementEntry[];
}

/**
 * The retirement schedule (`model-retirement-schedule.md`, tables `| Model | Version | Lifecycle |
 * Retirement date | Replacement |` of the models sold by Azure), for every model version of
 * `models` (the chat models kaito-aks knows); a version the schedule does not list is kept with no
 * date and a note saying so, never a guessed one.
 */
export function openAiRetirementsFromDocs(
  markdown: string,
  models: OpenAiModelsFile,
  previous: OpenAiRetirementsFile,
  retrieved: string,
  source: string,
): OpenAiRetirementsFile {
  const sold = markdown.split(/^## /m).find((s) => /^Foundry Models sold (directly )?by Azure/.test(s)) ?? '';
  const rows = tableRows(sold, (c) => c[0] === 'Model' && c[1] === 'Version' && c[2] === 'Lifecycle' && c[3] === 'Retirement date').flat();
  const listed = new Map(rows.map(([model, version, lifecycle, date]) => [`${model.replace(/`/g, '')} ${version}`, { lifecycle, date }]));
  if (listed.size === 0) throw new Error('retirement schedule: no "| Model | Version | Lifecycle | Retirement date |" table found');
  const retirements = models.models.flatMap((m) =>
    m.versions.map(({ version }): OpenAiRetirementEntry => {
      const row = listed.get(`${m.name} ${version}`);
      if (!row) return { model: m.name, version, note: 'not in the retirement schedule: no date published' };
      const day = /^\d{4}-\d{2}-\d{2}$/.test(row.date) ? row.date : undefined;
      return day
        ? { model: m.name, version, lifecycle: row.lifecycle, retiresOn: day }
        : { model: m.name, version, lifecycle: row.lifecycle, note: `the schedule gives no retirement date ("${row.date}")` };
    }),
  );
  return { ...previous, source, retrieved, retirements };
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
