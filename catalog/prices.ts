/**
 * What Azure charges for the GPU sizes of the catalog: pay-as-you-go Linux list prices per region,
 * and the Spot price where the data has one, from `data/azure-gpu-prices.json` (Azure Retail Prices
 * API; its `source` and `retrieved` say where and when). A size or region the file lacks has no
 * known price: nothing here guesses one.
 */
import data from './data/azure-gpu-prices.json';

/** The price file, as `scripts/refresh-azure-data.ts` writes it. */
export interface GpuPricesFile {
  readonly description: string;
  readonly source: string;
  /** ISO date the prices were taken from the API. */
  readonly retrieved: string;
  readonly refresh: string;
  /** Currency of every price, `USD` (Azure's list prices). */
  readonly currency: string;
  /** Hours in a month, as Azure's pricing calculator counts them (730). */
  readonly hoursPerMonth: number;
  /** The regions the source asked the API about. */
  readonly regionsCovered: readonly string[];
  /** Whether the source kept Spot prices (when false, no Spot price is known anywhere). */
  readonly spotCovered: boolean;
  /** Per VM size: hourly price per region, Linux pay-as-you-go and Spot. */
  readonly sizes: Readonly<
    Record<string, { readonly linux: Readonly<Record<string, number>>; readonly spot: Readonly<Record<string, number>> }>
  >;
}

/** The price table synth uses. */
export const GPU_PRICES: GpuPricesFile = data;

/** The region whose price stands in where a region has none (Azure's reference region). */
export const PRICE_FALLBACK_REGION = 'eastus';

/** The hourly list price of one node of a size. */
export interface NodePrice {
  /** Pay-as-you-go Linux price of one node for an hour, in {@link GpuPricesFile.currency}. */
  readonly hourly: number;
  /** Spot price of one node for an hour in the same region, when the table has one. */
  readonly spotHourly?: number;
  /** The region the price is from: the one asked for, or {@link PRICE_FALLBACK_REGION}. */
  readonly region: string;
  /** True when the region asked for has no price for the size and the fallback region's is used. */
  readonly fallback: boolean;
}

/**
 * The list price of one node of `skuName` in `region`; where the region has none, the price in
 * {@link PRICE_FALLBACK_REGION} (marked `fallback`); `undefined` when neither has one.
 */
export function nodePrice(skuName: string, region: string, prices: GpuPricesFile = GPU_PRICES): NodePrice | undefined {
  const size = Object.entries(prices.sizes).find(([name]) => name.toLowerCase() === skuName.toLowerCase())?.[1];
  if (!size) return undefined;
  for (const [where, fallback] of [
    [region, false],
    [PRICE_FALLBACK_REGION, region !== PRICE_FALLBACK_REGION],
  ] as const) {
    const hourly = Object.hasOwn(size.linux, where) ? size.linux[where] : undefined;
    if (hourly !== undefined) {
      const spotHourly = Object.hasOwn(size.spot, where) ? size.spot[where] : undefined;
      return spotHourly === undefined ? { hourly, region: where, fallback } : { hourly, spotHourly, region: where, fallback };
    }
  }
  return undefined;
}

/**
 * An amount in the table's currency with thousands separators: `$3.20` and `$3.673` (to the tenth of
 * a cent, as Azure lists hourly prices) by default, `$2,336` with `maxDigits` 0.
 */
export function formatMoney(amount: number, maxDigits = 3): string {
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: GPU_PRICES.currency,
    minimumFractionDigits: Math.min(2, maxDigits),
    maximumFractionDigits: maxDigits,
  }).format(amount);
}
