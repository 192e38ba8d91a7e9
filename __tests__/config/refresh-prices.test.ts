/**
 * The refresh of the GPU price table from the Azure Retail Prices API, on two pages shaped as the API
 * answers (`fixtures/azure/retail-prices/`): the query, the paging, and which meters become prices.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chooseSize, findPreset, GPU_PRICES, GPU_SKUS } from '../../catalog';
import { fetchRetailPrices, gpuPricesFromRetail, MAX_RETAIL_PAGES, RetailPricePage, retailPricesUrl } from '../../scripts/azure-data';

const PAGES = join(__dirname, '..', 'fixtures', 'azure', 'retail-prices');
const page = (n: number) => JSON.parse(readFileSync(join(PAGES, `page-${n}.json`), 'utf8')) as RetailPricePage;
const NAMES = GPU_SKUS.map((s) => s.name);

describe('the Retail Prices API query', () => {
  test("pay-as-you-go meters of the catalog's sizes, primary meters, the case-sensitive API version", () => {
    const url = retailPricesUrl(['Standard_NV36ads_A10_v5', 'Standard_NC24ads_A100_v4']);
    expect(url.startsWith("https://prices.azure.com/api/retail/prices?api-version=2023-01-01-preview&meterRegion='primary'&$filter=")).toBe(
      true,
    );
    expect(decodeURIComponent(url.split('$filter=')[1])).toBe(
      "serviceName eq 'Virtual Machines' and priceType eq 'Consumption' and (armSkuName eq 'Standard_NV36ads_A10_v5' or armSkuName eq 'Standard_NC24ads_A100_v4')",
    );
  });

  test('follows NextPageLink to the last page', async () => {
    const asked: string[] = [];
    const first = retailPricesUrl(NAMES);
    const items = await fetchRetailPrices(first, async (url) => {
      asked.push(url);
      return page(asked.length);
    });
    expect(asked).toEqual([first, page(1).NextPageLink]);
    expect(items).toHaveLength(page(1).Items.length + page(2).Items.length);
  });

  test('stops, naming the link, when the pages never end', async () => {
    let calls = 0;
    const loop = fetchRetailPrices('https://prices.example/first', async () => {
      calls++;
      return { Items: [], NextPageLink: 'https://prices.example/again' };
    });
    await expect(loop).rejects.toThrow(
      `the Retail Prices API gave more than ${MAX_RETAIL_PAGES} pages; stopped at https://prices.example/again`,
    );
    expect(calls).toBe(MAX_RETAIL_PAGES);
  });
});

describe('the price table from the API items', () => {
  const items = [...page(1).Items, ...page(2).Items];
  const next = gpuPricesFromRetail(items, NAMES, GPU_PRICES, '2026-12-01');

  test('Linux pay-as-you-go per region, and Spot apart; no Windows, Low Priority, Dev/Test or other currency', () => {
    expect(next.sizes.Standard_NV36ads_A10_v5).toEqual({ linux: { eastus: 3.2, swedencentral: 4.16 }, spot: { eastus: 0.6 } });
    expect(next.sizes.Standard_NC24ads_A100_v4).toEqual({ linux: { eastus: 3.673, westus3: 3.673 }, spot: {} });
  });

  test('the latest price where a meter repeats', () => {
    // eastus A100: 3.9 from 2021-06-01, 3.673 from 2023-01-01
    expect(next.sizes.Standard_NC24ads_A100_v4.linux.eastus).toBe(3.673);
    const reversed = gpuPricesFromRetail([...items].reverse(), NAMES, GPU_PRICES, '2026-12-01');
    expect(reversed.sizes.Standard_NC24ads_A100_v4.linux.eastus).toBe(3.673);
  });

  test('every catalog size, unpriced ones empty: nothing is carried over from the old table', () => {
    expect(Object.keys(next.sizes)).toEqual(NAMES);
    expect(next.sizes.Standard_NC40ads_H100_v5).toEqual({ linux: {}, spot: {} });
    expect(next.sizes).not.toHaveProperty('Standard_D4s_v5');
  });

  test('names the API as the source, dates the file, lists the regions and says Spot is covered', () => {
    expect(next.source).toContain('Azure Retail Prices API');
    expect(next.source).not.toContain('karpenter');
    expect([next.retrieved, next.spotCovered, next.refresh]).toEqual(['2026-12-01', true, GPU_PRICES.refresh]);
    expect(next.regionsCovered).toEqual(['eastus', 'swedencentral', 'westus3']);
  });

  test('the catalog ranks by the refreshed table', () => {
    const choice = chooseSize(findPreset('0.10.0', 'falcon-7b-instruct')!, 'westus3', next);
    // westus3 has only the A100 price here; the A10's is eastus's
    expect([choice?.fit.sku.name, choice?.price]).toEqual([
      'Standard_NV36ads_A10_v5',
      { hourly: 3.2, spotHourly: 0.6, region: 'eastus', fallback: true },
    ]);
  });
});
