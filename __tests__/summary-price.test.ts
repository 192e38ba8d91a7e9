/**
 * The summary's price lines: what the GPU nodes cost an hour and a month, from which region and
 * price table, "cheapest" only where the table backs it, and a note when KAITO_INSTANCE_TYPE costs
 * more than the default.
 */
import { loadConfig } from '../config';
import type { Config } from '../config';
import { formatSummary, SynthesizedStack } from '../summary';
import { estimated } from './config/helpers';

const STACKS: SynthesizedStack[] = [{ name: 'infra', resources: {}, outputs: [] }];

function linesOf(config: Config, label: string): string[] {
  return formatSummary(config, STACKS, 'x')
    .split('\n')
    .filter((l) => l.startsWith(label));
}

describe('the GPU price line', () => {
  test('the default: hourly and monthly price of the nodes, region, source date, and the sizes not compared', () => {
    const config = loadConfig({});
    expect(linesOf(config, 'GPU size')).toEqual([
      'GPU size      Standard_NV36ads_A10_v5 (1 x NVIDIA A10, 24 GiB), cheapest size that fits, by Azure list price',
    ]);
    expect(linesOf(config, 'GPU price')).toEqual([
      'GPU price     $3.20 an hour, $2,336 a month (730 h): 1 x $3.20, pay-as-you-go Linux in eastus, Azure Retail Prices of 2026-06-18; ' +
        'Standard_NCC40ads_H100_v5, Standard_ND96isr_H200_v5 fit too but have no list price in eastus, so they were not compared',
    ]);
    expect(linesOf(config, 'GPU cost')).toEqual([]);
  });

  test("several nodes: the total, in the region's own prices", () => {
    const config = loadConfig({ KAITO_VERSION: '0.12.0', KAITO_MODEL: 'llama-3.3-70b-instruct', AZURE_LOCATION: 'westus3' });
    expect(linesOf(config, 'GPU price')).toEqual([
      'GPU price     $11.019 an hour, $8,044 a month (730 h): 3 x $3.673, pay-as-you-go Linux in westus3, Azure Retail Prices of 2026-06-18; ' +
        'Standard_NCC40ads_H100_v5 fits too but has no list price in westus3 or eastus, so it was not compared',
    ]);
  });

  test('a region without a price for the size: the eastus price, and it says so', () => {
    const [line] = linesOf(loadConfig({ AZURE_LOCATION: 'belgiumcentral' }), 'GPU price');
    expect(line).toContain(
      '1 x $3.20, pay-as-you-go Linux in eastus (belgiumcentral has no price for it), Azure Retail Prices of 2026-06-18',
    );
  });

  test('a size without any price: unknown, never a guess', () => {
    const config = loadConfig({ KAITO_INSTANCE_TYPE: 'Standard_NCC40ads_H100_v5' });
    expect(linesOf(config, 'GPU price')).toEqual([
      'GPU price     unknown: the price table (Azure Retail Prices of 2026-06-18) has no price for Standard_NCC40ads_H100_v5 in eastus',
    ]);
    // nothing to compare with the default
    expect(linesOf(config, 'GPU cost')).toEqual([]);
  });

  test('no size that fits has a price: "smallest", not "cheapest"', () => {
    const config = loadConfig({});
    const kaito = estimated(config.kaito);
    const unpriced: Config = {
      ...config,
      kaito: { ...kaito, price: undefined, catalogChoice: { ...kaito.catalogChoice, price: undefined, basis: 'size' } },
    };
    expect(linesOf(unpriced, 'GPU size')).toEqual([
      'GPU size      Standard_NV36ads_A10_v5 (1 x NVIDIA A10, 24 GiB), smallest size that fits (no size that fits has a list price here)',
    ]);
    expect(linesOf(unpriced, 'GPU price')[0]).toMatch(/^GPU price {5}unknown: /);
  });

  test('the Spot price of the nodes, where the table has one', () => {
    const config = loadConfig({});
    const spot: Config = { ...config, kaito: { ...config.kaito, price: { ...config.kaito.price!, spotHourly: 0.591 } } };
    expect(linesOf(spot, 'GPU price')[0]).toContain('Azure Retail Prices of 2026-06-18; Spot $0.591 an hour;');
  });
});

describe('a size the user forces', () => {
  test('that costs more than the default: one line with the difference', () => {
    const config = loadConfig({ KAITO_MODEL: 'phi-3-medium-4k-instruct', KAITO_INSTANCE_TYPE: 'Standard_NV72ads_A10_v5' });
    expect(linesOf(config, 'GPU size')[0]).toContain('chosen by KAITO_INSTANCE_TYPE');
    // no "not compared" list: the user chose
    expect(linesOf(config, 'GPU price')).toEqual([
      'GPU price     $6.52 an hour, $4,760 a month (730 h): 1 x $6.52, pay-as-you-go Linux in eastus, Azure Retail Prices of 2026-06-18',
    ]);
    expect(linesOf(config, 'GPU cost')).toEqual([
      'GPU cost      KAITO_INSTANCE_TYPE=Standard_NV72ads_A10_v5 costs $2.847 an hour ($2,078 a month) more than the default, 1 x Standard_NC24ads_A100_v4 at $3.673 an hour',
    ]);
  });

  test('that is the default, or costs the same: no note', () => {
    expect(linesOf(loadConfig({ KAITO_INSTANCE_TYPE: 'Standard_NV36ads_A10_v5' }), 'GPU cost')).toEqual([]);
    const config = loadConfig({ KAITO_INSTANCE_TYPE: 'Standard_NC24ads_A100_v4' });
    const same: Config = { ...config, kaito: { ...config.kaito, price: { ...config.kaito.price!, hourly: 3.2 } } };
    expect(linesOf(same, 'GPU cost')).toEqual([]);
  });
});
