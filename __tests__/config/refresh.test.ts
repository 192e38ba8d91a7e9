/** The refresh of the Azure data files, on small fixtures of the Azure CLI's JSON. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openAiModelsFromAz, OpenAiModelsFile, regionsFromAz, RegionsFile } from '../../scripts/azure-data';

const FIXTURES = join(__dirname, '..', 'fixtures', 'azure');
const DATA = join(__dirname, '..', '..', 'catalog', 'data');
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

describe('regions from az account list-locations', () => {
  const previous = json(join(DATA, 'azure-regions.json')) as RegionsFile;
  const next = regionsFromAz(json(join(FIXTURES, 'locations.json')), previous, '2026-12-01');

  test('keeps the physical regions, sorted, without logical or EUAP canary regions', () => {
    expect(next.regions.map((r) => r.name)).toEqual(['eastus', 'swedensouth', 'westus3']);
  });

  test('keeps which regions are restricted, names the CLI as the source and dates the file', () => {
    expect(next.regions).toContainEqual({ name: 'swedensouth', displayName: 'Sweden South', restricted: true });
    expect(next.regions).toContainEqual({ name: 'eastus', displayName: 'East US' });
    expect(next.source).toContain('az account list-locations');
    expect(next.retrieved).toBe('2026-12-01');
    expect(next.refresh).toBe(previous.refresh);
  });
});

describe('Azure OpenAI models from az cognitiveservices model list', () => {
  const previous = json(join(DATA, 'azure-openai-models.json')) as OpenAiModelsFile;
  const byRegion = {
    eastus: json(join(FIXTURES, 'models', 'eastus.json')),
    westindia: json(join(FIXTURES, 'models', 'westindia.json')),
  };
  const next = openAiModelsFromAz(byRegion, previous, '2026-12-01');

  test('keeps the OpenAI chat models still served, with the covered SKUs and their regions', () => {
    expect(next.models).toEqual([
      {
        name: 'gpt-4.1-mini',
        versions: [
          {
            version: '2025-04-14',
            skus: {
              GlobalStandard: { regions: ['eastus'] },
              DataZoneStandard: { regions: ['westindia'] },
              Standard: { regions: ['eastus'] },
            },
          },
        ],
      },
      { name: 'gpt-4o', versions: [{ version: '2024-11-20', skus: { GlobalStandard: { regions: ['westindia'] } } }] },
    ]);
  });

  test('drops retired models and SKUs, embeddings, non-OpenAI formats and uncovered SKUs (batch)', () => {
    const text = JSON.stringify(next.models);
    for (const gone of ['gpt-35-turbo', 'text-embedding-3-small', 'Phi-4', 'GlobalBatch']) expect(text).not.toContain(gone);
  });

  test('names the CLI as the source and dates the file', () => {
    expect(next.source).toContain('az cognitiveservices model list');
    expect(next.retrieved).toBe('2026-12-01');
    expect(next.skusCovered).toEqual(['GlobalStandard', 'DataZoneStandard', 'Standard']);
  });
});
