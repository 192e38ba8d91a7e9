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
 * Writes `catalog/data/azure-regions.json`, `catalog/data/azure-openai-models.json` or
 * `catalog/data/azure-gpu-prices.json` (the prices of every size in `catalog/gpu-skus.ts`) with today's date.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { GPU_SKUS } from '../catalog/gpu-skus';
import type { GpuPricesFile } from '../catalog/prices';
import {
  fetchRetailPrices,
  gpuPricesFromRetail,
  openAiModelsFromAz,
  OpenAiModelsFile,
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

async function main([kind, input]: string[]): Promise<number> {
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
  process.stderr.write(
    'usage: npm run refresh:azure-data -- regions <locations.json> | openai-models <folder of <region>.json> | gpu-prices [<pages.json>]\n',
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
