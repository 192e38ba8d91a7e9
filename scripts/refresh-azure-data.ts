/**
 * Refreshes the Azure data files from the Azure CLI's JSON (needs an `az login` to produce it):
 *
 *   az account list-locations --output json > locations.json
 *   npm run refresh:azure-data -- regions locations.json
 *
 *   for r in eastus swedencentral ...; do az cognitiveservices model list --location $r --output json > models/$r.json; done
 *   npm run refresh:azure-data -- openai-models models
 *
 *   npm run refresh:azure-data -- gpu-prices               # online: the Retail Prices API needs no login
 *   npm run refresh:azure-data -- gpu-prices pages.json    # or from saved answers: a JSON array of pages
 *
 *   npm run refresh:azure-data -- aks-versions supported-kubernetes-versions.md "<repo, path and commit it came from>"
 *   npm run refresh:azure-data -- openai-retirements model-retirement-schedule.md "<where it came from, with its ms.date>"
 *
 * The last two read Microsoft's documentation pages (markdown), whose dates no Azure API gives: the
 * AKS release calendar (`MicrosoftDocs/azure-aks-docs`) and the Foundry model retirement schedule.
 * Each writes its file in `catalog/data/` with today's date; each file's `refresh` field says how.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GPU_SKUS } from '../catalog/gpu-skus';
import type { GpuPricesFile } from '../catalog/prices';
import {
  aksVersionsFromDocs,
  AksVersionsFile,
  fetchRetailPrices,
  gpuPricesFromRetail,
  openAiModelsFromAz,
  OpenAiModelsFile,
  openAiRetirementsFromDocs,
  OpenAiRetirementsFile,
  regionsFromAz,
  RegionsFile,
  RetailPricePage,
  retailPricesUrl,
} from './azure-data';

const DATA = join(__dirname, '..', 'catalog', 'data');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const write = (file: string, data: unknown) => writeFileSync(join(DATA, file), `${JSON.stringify(data, null, 2)}\n`);

/** Reads one page of the Retail Prices API. */
async function getPage(url: string): Promise<RetailPricePage> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as RetailPricePage;
}

/** The GPU price table, online or from saved pages, written with today's date. */
async function refreshGpuPrices(input: string | undefined, today: string): Promise<number> {
  const file = 'azure-gpu-prices.json';
  const names = GPU_SKUS.map((s) => s.name);
  const saved = input ? (readJson(input) as RetailPricePage[]) : undefined;
  const items = saved ? saved.flatMap((p) => p.Items) : await fetchRetailPrices(retailPricesUrl(names), getPage);
  const next = gpuPricesFromRetail(items, names, readJson(join(DATA, file)) as GpuPricesFile, today);
  write(file, next);
  const priced = Object.values(next.sizes).filter((s) => Object.keys(s.linux).length > 0).length;
  process.stdout.write(
    `${file}: ${priced} of ${names.length} sizes priced, ${next.regionsCovered.length} regions, from ${items.length} meters\n`,
  );
  return 0;
}

async function main([kind, input, source]: string[]): Promise<number> {
  const today = new Date().toISOString().slice(0, 10);
  if (kind === 'gpu-prices') return refreshGpuPrices(input, today);
  if (kind === 'regions' && input) {
    const file = 'azure-regions.json';
    const next = regionsFromAz(readJson(input) as Parameters<typeof regionsFromAz>[0], readJson(join(DATA, file)) as RegionsFile, today);
    write(file, next);
    process.stdout.write(`${file}: ${next.regions.length} regions\n`);
    return 0;
  }
  if (kind === 'openai-models' && input) {
    const file = 'azure-openai-models.json';
    const byRegion = Object.fromEntries(
      readdirSync(input)
        .filter((f) => f.endsWith('.json'))
        .map((f) => [basename(f, '.json'), readJson(join(input, f)) as Parameters<typeof openAiModelsFromAz>[0][string]]),
    );
    const next = openAiModelsFromAz(byRegion, readJson(join(DATA, file)) as OpenAiModelsFile, today);
    write(file, next);
    process.stdout.write(`${file}: ${next.models.length} models from ${Object.keys(byRegion).length} regions\n`);
    return 0;
  }
  if (kind === 'aks-versions' && input && source) {
    const file = 'aks-kubernetes-versions.json';
    const next = aksVersionsFromDocs(readFileSync(input, 'utf8'), readJson(join(DATA, file)) as AksVersionsFile, today, source);
    write(file, next);
    process.stdout.write(`${file}: ${next.versions.map((v) => v.version).join(', ')}\n`);
    return 0;
  }
  if (kind === 'openai-retirements' && input && source) {
    const file = 'azure-openai-retirements.json';
    const models = readJson(join(DATA, 'azure-openai-models.json')) as OpenAiModelsFile;
    const next = openAiRetirementsFromDocs(
      readFileSync(input, 'utf8'),
      models,
      readJson(join(DATA, file)) as OpenAiRetirementsFile,
      today,
      source,
    );
    write(file, next);
    const undated = next.retirements.filter((r) => r.retiresOn === undefined).length;
    process.stdout.write(`${file}: ${next.retirements.length} model versions, ${undated} without a retirement date\n`);
    return 0;
  }
  process.stderr.write(
    'usage: npm run refresh:azure-data -- regions <locations.json> | openai-models <folder of <region>.json> | gpu-prices [<pages.json>]\n' +
      '         | aks-versions <supported-kubernetes-versions.md> "<source>" | openai-retirements <model-retirement-schedule.md> "<source>"\n',
  );
  return 3;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  },
);
