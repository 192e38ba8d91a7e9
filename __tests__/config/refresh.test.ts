/** The refresh of the Azure data files, on small fixtures of the Azure CLI's JSON. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  aksCalendarDay,
  aksVersionsFromDocs,
  AksVersionsFile,
  openAiModelsFromAz,
  OpenAiModelsFile,
  openAiRetirementsFromDocs,
  OpenAiRetirementsFile,
  regionsFromAz,
  RegionsFile,
} from '../../scripts/azure-data';

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

describe('AKS Kubernetes versions from the AKS release calendar (supported-kubernetes-versions.md)', () => {
  const previous = json(join(DATA, 'aks-kubernetes-versions.json')) as AksVersionsFile;
  const markdown = readFileSync(join(FIXTURES, 'docs', 'supported-kubernetes-versions.md'), 'utf8');
  const next = aksVersionsFromDocs(markdown, previous, '2026-12-01', 'azure-aks-docs at abc123');

  test('one entry per minor, sorted by number, from both tables; a month is its last day, an explicit date is kept', () => {
    expect(next.versions).toEqual([
      {
        version: '1.30',
        aksGa: 'Jul 2024',
        endOfLife: 'Aug 22, 2025',
        communitySupportEndsOn: '2025-08-22',
        ltsEndOfLife: 'Jul 2026',
        ltsEndsOn: '2026-07-31',
      },
      {
        version: '1.32',
        aksGa: 'Apr 2025',
        endOfLife: 'Mar 2026',
        communitySupportEndsOn: '2026-03-31',
        ltsEndOfLife: 'Mar 2027',
        ltsEndsOn: '2027-03-31',
      },
      { version: '1.36', aksGa: 'Jun 2026', endOfLife: 'Jun 2027', communitySupportEndsOn: '2027-06-30' },
    ]);
  });

  test('names the source given and dates the file', () => {
    expect(next.source).toBe('azure-aks-docs at abc123');
    expect(next.retrieved).toBe('2026-12-01');
    expect(next.refresh).toBe(previous.refresh);
  });

  test('month ends and leap years: Feb 2028 ends on the 29th', () => {
    expect(aksCalendarDay('Feb 2028')).toBe('2028-02-29');
    expect(aksCalendarDay('Feb 2027')).toBe('2027-02-28');
    expect(aksCalendarDay('Nov 1, 2025')).toBe('2025-11-01');
    expect(aksCalendarDay('Until 1.36 GA')).toBeUndefined();
  });

  test('fails on a page without the calendar, or with a date it cannot read, rather than writing a guess', () => {
    expect(() => aksVersionsFromDocs('# nothing here\n', previous, '2026-12-01', 's')).toThrow(
      'no "Kubernetes version ... End of life" table',
    );
    expect(() => aksVersionsFromDocs(markdown.replace('Jun 2027', 'Summer 2027'), previous, '2026-12-01', 's')).toThrow(
      'cannot read the end of life "Summer 2027" of 1.36',
    );
  });
});

describe('Azure OpenAI retirements from the Foundry model retirement schedule', () => {
  const previous = json(join(DATA, 'azure-openai-retirements.json')) as OpenAiRetirementsFile;
  const models = {
    ...(json(join(DATA, 'azure-openai-models.json')) as OpenAiModelsFile),
    models: [
      { name: 'gpt-4.1-mini', versions: [{ version: '2025-04-14', skus: {} }] },
      { name: 'gpt-4o', versions: ['2024-05-13', '2024-08-06', '2024-11-20'].map((version) => ({ version, skus: {} })) },
      { name: 'model-router', versions: [{ version: '2025-11-18', skus: {} }] },
    ],
  };
  const markdown = readFileSync(join(FIXTURES, 'docs', 'model-retirement-schedule.md'), 'utf8');
  const next = openAiRetirementsFromDocs(markdown, models, previous, '2026-12-01', 'schedule of 2026-09-02');

  test('one entry per model version kaito-aks knows, from the tables of models sold by Azure only; no date is ever guessed', () => {
    expect(next.retirements).toEqual([
      { model: 'gpt-4.1-mini', version: '2025-04-14', lifecycle: 'Legacy', retiresOn: '2027-04-14' },
      { model: 'gpt-4o', version: '2024-05-13', lifecycle: 'Deprecated', retiresOn: '2026-10-01' },
      { model: 'gpt-4o', version: '2024-08-06', note: 'not in the retirement schedule: no date published' },
      { model: 'gpt-4o', version: '2024-11-20', lifecycle: 'Legacy', note: 'the schedule gives no retirement date ("—")' },
      { model: 'model-router', version: '2025-11-18', lifecycle: 'GA', retiresOn: '2027-05-20' },
    ]);
    expect(next.source).toBe('schedule of 2026-09-02');
    expect(next.retrieved).toBe('2026-12-01');
  });

  test('fails on a page without the schedule table', () => {
    expect(() => openAiRetirementsFromDocs('## Foundry Models sold by Azure\n', models, previous, '2026-12-01', 's')).toThrow(
      'no "| Model | Version | Lifecycle | Retirement date |" table',
    );
  });
});
