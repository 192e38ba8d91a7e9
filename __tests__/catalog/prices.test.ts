/**
 * The price table (`catalog/data/azure-gpu-prices.json`) and the default size it decides: for every
 * preset of every release train, in several regions, the default equals the lowest-priced size that
 * Kaito's own estimator accepts (`../shared/reference/kaito/kaito-oracle/estimate-<release>.jsonl`),
 * worked out here from those rows and the raw price file, independently of `chooseSize`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  chooseSize,
  cheapestFit,
  findGpuSku,
  findPreset,
  formatMoney,
  GPU_PRICES,
  GPU_SKUS,
  GpuPricesFile,
  nodePrice,
  PRESETS,
  refusedByPolicy,
  RELEASE_VERSIONS,
} from '../../catalog';
import type { ReleaseVersion } from '../../catalog';

const ROOT = join(__dirname, '..', '..');
const ORACLE = join(ROOT, '..', 'shared', 'reference', 'kaito', 'kaito-oracle');
const RAW = JSON.parse(readFileSync(join(ROOT, 'catalog', 'data', 'azure-gpu-prices.json'), 'utf8')) as GpuPricesFile;

interface Estimate {
  readonly model: string;
  readonly sku: string;
  readonly nodes: number;
  readonly error?: string;
}

const estimates = (release: ReleaseVersion): Estimate[] =>
  readFileSync(join(ORACLE, `estimate-${release}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Estimate);

const preset = (release: ReleaseVersion, name: string) => findPreset(release, name)!;

describe('the price table', () => {
  test('has every GPU size of the catalog, each price a positive hourly amount in a covered region', () => {
    expect(Object.keys(RAW.sizes).sort()).toEqual(GPU_SKUS.map((s) => s.name).sort());
    for (const [name, { linux, spot }] of Object.entries(RAW.sizes)) {
      for (const [region, price] of [...Object.entries(linux), ...Object.entries(spot)]) {
        expect([name, region, RAW.regionsCovered.includes(region), price > 0 && price < 1000]).toEqual([name, region, true, true]);
      }
    }
  });

  test('names its source, commit and date, and keeps no Spot price the source lacks', () => {
    expect(RAW.source).toContain('Azure Retail Prices API');
    expect(RAW.source).toContain('Azure/karpenter-provider-azure');
    expect(RAW.source).toContain('2b431da153a6a92b705c18046512c60b1631b682');
    expect(RAW.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect([RAW.currency, RAW.hoursPerMonth]).toEqual(['USD', 730]);
    expect(RAW.spotCovered).toBe(false);
    expect(Object.values(RAW.sizes).every((s) => Object.keys(s.spot).length === 0)).toBe(true);
  });

  test('the list prices the issue quotes: eastus A10 and A100', () => {
    expect(nodePrice('Standard_NV36ads_A10_v5', 'eastus')).toEqual({ hourly: 3.2, region: 'eastus', fallback: false });
    expect(nodePrice('standard_nc24ads_a100_v4', 'eastus')?.hourly).toBe(3.673);
    expect(nodePrice('Standard_NV72ads_A10_v5', 'eastus')?.hourly).toBe(6.52);
  });
});

describe('nodePrice', () => {
  test("the region's own price where it has one", () => {
    expect(nodePrice('Standard_NV36ads_A10_v5', 'swedencentral')).toEqual({ hourly: 4.16, region: 'swedencentral', fallback: false });
  });

  test('the eastus price, marked as a fallback, where the region has none or is not covered', () => {
    // belgiumcentral is not in the source; swedencentral has no ND96asr_A100_v4 price
    expect(nodePrice('Standard_NV36ads_A10_v5', 'belgiumcentral')).toEqual({ hourly: 3.2, region: 'eastus', fallback: true });
    expect(nodePrice('Standard_ND96asr_A100_v4', 'swedencentral')).toEqual({ hourly: 27.197, region: 'eastus', fallback: true });
  });

  test('unknown, never guessed, where neither has one, and for a size the table lacks', () => {
    expect(nodePrice('Standard_NCC40ads_H100_v5', 'eastus')).toBeUndefined();
    expect(nodePrice('Standard_NG32adms_V620_v1', 'westus3')).toBeUndefined();
    expect(nodePrice('Standard_D4s_v5', 'eastus')).toBeUndefined();
  });

  test('the Spot price of the same region, where the table has one', () => {
    const withSpot: GpuPricesFile = { ...RAW, sizes: { Standard_NV36ads_A10_v5: { linux: { eastus: 3.2 }, spot: { eastus: 0.59 } } } };
    expect(nodePrice('Standard_NV36ads_A10_v5', 'westus3', withSpot)).toEqual({
      hourly: 3.2,
      spotHourly: 0.59,
      region: 'eastus',
      fallback: true,
    });
  });
});

describe('formatMoney', () => {
  test('hourly prices as Azure lists them (at least cents, at most tenths of a cent), or whole dollars with separators', () => {
    expect([formatMoney(3.673), formatMoney(3.2), formatMoney(2 * 0.526), formatMoney(3.2 * 730, 0)]).toEqual([
      '$3.673',
      '$3.20',
      '$1.052',
      '$2,336',
    ]);
  });
});

describe.each(RELEASE_VERSIONS)('the default size at Kaito %s', (release) => {
  const rows = estimates(release);

  test.each(['eastus', 'swedencentral', 'westeurope', 'japaneast', 'belgiumcentral'])(
    'in %s: for every preset, the lowest total list price among the sizes Kaito accepts and our policy allows',
    (region) => {
      const price = (sku: string) => RAW.sizes[sku]?.linux[region] ?? RAW.sizes[sku]?.linux.eastus;
      const presets = PRESETS.filter((p) => p.release === release);
      const mismatches = presets.flatMap((p) => {
        const accepted = rows
          .filter((r) => r.model === p.name && r.error === undefined && refusedByPolicy(findGpuSku(r.sku)!) === undefined)
          .map((r) => ({
            ...r,
            total: price(r.sku) === undefined ? undefined : r.nodes * price(r.sku)!,
            vCpus: r.nodes * findGpuSku(r.sku)!.vCpus,
          }))
          .filter((r) => r.total !== undefined)
          .sort((a, b) => a.total! - b.total! || a.vCpus - b.vCpus || (a.sku < b.sku ? -1 : 1));
        const choice = chooseSize(p, region);
        const ours = [choice?.fit.sku.name, choice?.fit.nodesNeeded, choice?.basis];
        const expected = [accepted[0]?.sku, accepted[0]?.nodes, 'price'];
        return JSON.stringify(ours) === JSON.stringify(expected) ? [] : [`${p.name}: ours ${ours}, expected ${expected}`];
      });
      expect(mismatches).toEqual([]);
      expect(presets.length).toBeGreaterThan(30);
    },
  );

  test('the oracle judged every preset of the release', () => {
    const judged = new Set(rows.map((r) => r.model));
    expect(PRESETS.filter((p) => p.release === release && !judged.has(p.name))).toEqual([]);
  });
});

describe('chooseSize', () => {
  test("the issue's cases at 0.10.0 in eastus: one A100 node, not a 2 x A10 node at almost twice the price", () => {
    for (const name of [
      'ministral-3-8b-instruct',
      'ministral-3-14b-instruct',
      'phi-3-medium-4k-instruct',
      'phi-3-medium-128k-instruct',
      'deepseek-r1-distill-qwen-14b',
    ]) {
      const choice = chooseSize(preset('0.10.0', name), 'eastus');
      expect([name, choice?.fit.sku.name, choice?.fit.nodesNeeded, choice?.price?.hourly]).toEqual([
        name,
        'Standard_NC24ads_A100_v4',
        1,
        3.673,
      ]);
    }
  });

  test('falcon-7b-instruct keeps the A10: the cheapest size that holds it', () => {
    const choice = chooseSize(preset('0.10.0', 'falcon-7b-instruct'), 'eastus');
    expect([choice?.fit.sku.name, choice?.basis, choice?.price]).toEqual([
      'Standard_NV36ads_A10_v5',
      'price',
      { hourly: 3.2, region: 'eastus', fallback: false },
    ]);
    // sizes that fit with no price in eastus are named, not compared
    expect(choice?.unpriced.map((s) => s.name)).toEqual(['Standard_NCC40ads_H100_v5', 'Standard_ND96isr_H200_v5']);
  });

  test('the region decides: its own prices, and eastus where it has none', () => {
    // westus3 prices the H200 size, eastus does not
    expect(chooseSize(preset('0.10.0', 'falcon-7b-instruct'), 'westus3')?.unpriced.map((s) => s.name)).toEqual([
      'Standard_NCC40ads_H100_v5',
    ]);
    expect(chooseSize(preset('0.10.0', 'falcon-7b-instruct'), 'belgiumcentral')?.price).toEqual({
      hourly: 3.2,
      region: 'eastus',
      fallback: true,
    });
  });

  test('ties in price go to fewer quota vCPUs, then the name', () => {
    const a10 = GPU_PRICES.sizes.Standard_NV36ads_A10_v5;
    const tied: GpuPricesFile = {
      ...GPU_PRICES,
      sizes: { ...GPU_PRICES.sizes, Standard_NC24ads_A100_v4: a10, Standard_NC40ads_H100_v5: a10 },
    };
    // A10 (36 vCPUs), A100 (24) and H100 (40) at one price: the A100 size
    expect(chooseSize(preset('0.10.0', 'falcon-7b-instruct'), 'eastus', tied)?.fit.sku.name).toBe('Standard_NC24ads_A100_v4');
    // equal price and vCPUs (two 1-GPU H100 sizes): the first by name
    const h100 = { linux: { eastus: 1 }, spot: {} };
    const h100s: GpuPricesFile = { ...GPU_PRICES, sizes: { Standard_NC40ads_H100_v5: h100, Standard_NCC40ads_H100_v5: h100 } };
    expect(chooseSize(preset('0.10.0', 'falcon-7b-instruct'), 'eastus', h100s)?.fit.sku.name).toBe('Standard_NC40ads_H100_v5');
  });

  test('a size with a price ranks before any without one, however small', () => {
    const onlyH100: GpuPricesFile = { ...GPU_PRICES, sizes: { Standard_NC40ads_H100_v5: { linux: { eastus: 99 }, spot: {} } } };
    const choice = chooseSize(preset('0.10.0', 'falcon-7b-instruct'), 'eastus', onlyH100);
    expect([choice?.fit.sku.name, choice?.basis]).toEqual(['Standard_NC40ads_H100_v5', 'price']);
  });

  test('no price at all: the smallest size that fits, and it says so (basis "size")', () => {
    const none: GpuPricesFile = { ...GPU_PRICES, sizes: {} };
    const choice = chooseSize(preset('0.10.0', 'falcon-7b-instruct'), 'eastus', none);
    expect([choice?.fit.sku.name, choice?.basis, choice?.price]).toEqual(['Standard_NV36ads_A10_v5', 'size', undefined]);
  });

  test('cheapestFit is the chosen verdict, in eastus unless told', () => {
    const p = preset('0.12.0', 'phi-4');
    expect(cheapestFit(p)).toEqual(chooseSize(p, 'eastus')?.fit);
    expect(cheapestFit(p)?.sku.name).toBe('Standard_NC24ads_A100_v4');
  });
});
