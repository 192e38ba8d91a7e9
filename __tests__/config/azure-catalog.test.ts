/**
 * Look-ups in the pinned Azure data (`catalog/data/`): regions and Azure OpenAI models found by
 * name whatever the case and surrounding whitespace, and the Tier 1 quota note, which uses a
 * version's own row of the quota table, else the row for every version, else says nothing.
 */
import { findOpenAiModel, findRegion } from '../../config/azure';
import { openAiQuotaNote } from '../../config/openai';

describe('regions and models are found by name, ignoring case and surrounding whitespace', () => {
  test.each([
    ['westeurope', { name: 'westeurope', displayName: 'West Europe' }],
    [' WestEurope\t', { name: 'westeurope', displayName: 'West Europe' }],
    ['EASTUS ', { name: 'eastus', displayName: 'East US' }],
    ['\naustraliacentral2', { name: 'australiacentral2', displayName: 'Australia Central 2', restricted: true }],
  ])('findRegion(%j) is the region %j', (name, region) => {
    expect(findRegion(name)).toEqual(region);
  });

  test.each(['west europe', 'westeurope2', ''])('findRegion(%j) finds nothing', (name) => {
    expect(findRegion(name)).toBeUndefined();
  });

  test.each([
    ['gpt-4o', 'gpt-4o'],
    [' GPT-4o ', 'gpt-4o'],
    ['\tModel-Router\n', 'model-router'],
  ])('findOpenAiModel(%j) is %s', (name, found) => {
    expect(findOpenAiModel(name)?.name).toBe(found);
  });

  test.each(['gpt 4o', 'gpt-4', ''])('findOpenAiModel(%j) finds nothing', (name) => {
    expect(findOpenAiModel(name)).toBeUndefined();
  });
});

describe('the Tier 1 quota note', () => {
  const after = '; a subscription on Tier 1 or the Free tier must request more quota first';

  test.each([
    // the table splits gpt-4o GlobalStandard by version
    [
      'gpt-4o',
      '2024-05-13',
      'GlobalStandard',
      451,
      'capacity 451 (451,000 tokens/min) exceeds the Tier 1 default quota for gpt-4o GlobalStandard (450,000)',
    ],
    [
      'gpt-4o',
      '2024-08-06',
      'GlobalStandard',
      451,
      'capacity 451 (451,000 tokens/min) exceeds the Tier 1 default quota for gpt-4o GlobalStandard (450,000)',
    ],
    // a row without a version holds for every version
    [
      'gpt-4o',
      '2024-11-20',
      'DataZoneStandard',
      301,
      'capacity 301 (301,000 tokens/min) exceeds the Tier 1 default quota for gpt-4o DataZoneStandard (300,000)',
    ],
    [
      'gpt-4.1-mini',
      '2025-04-14',
      'GlobalStandard',
      5001,
      'capacity 5001 (5,001,000 tokens/min) exceeds the Tier 1 default quota for gpt-4.1-mini GlobalStandard (5,000,000)',
    ],
  ])('%s %s %s with capacity %d is over the quota', (model, version, sku, capacity, message) => {
    expect(openAiQuotaNote(model, version, sku, capacity)).toBe(message + after);
  });

  test.each([
    ['gpt-4o', '2024-05-13', 'GlobalStandard', 450],
    ['gpt-4.1-mini', '2025-04-14', 'Standard', 5001],
    // a version the split table does not list has no known quota
    ['gpt-4o', '2024-11-20', 'GlobalStandard', 451],
    ['gpt-4o', '2024-11-20', 'GlobalStandard', 100000],
    // a model or SKU the table does not list
    ['gpt-4o', '2024-11-20', 'Standard', 100000],
    ['gpt-5', '2025-08-07', 'GlobalStandard', 100000],
  ])('%s %s %s with capacity %d gets no note', (model, version, sku, capacity) => {
    expect(openAiQuotaNote(model, version, sku, capacity)).toBeUndefined();
  });
});
