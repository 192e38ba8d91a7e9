/**
 * Refreshes the Azure data files from the Azure CLI's JSON (needs an `az login` to produce it):
 *
 *   az account list-locations --output json > locations.json
 *   npm run refresh:azure-data -- regions locations.json
 *
 *   for r in eastus swedencentral ...; do az cognitiveservices model list --location $r --output json > models/$r.json; done
 *   npm run refresh:azure-data -- openai-models models
 *
 * Writes `catalog/data/azure-regions.json` or `catalog/data/azure-openai-models.json` with today's date.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openAiModelsFromAz, OpenAiModelsFile, regionsFromAz, RegionsFile } from './azure-data';

const DATA = join(__dirname, '..', 'catalog', 'data');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const write = (file: string, data: unknown) => writeFileSync(join(DATA, file), `${JSON.stringify(data, null, 2)}\n`);

function main([kind, input]: string[]): number {
  const today = new Date().toISOString().slice(0, 10);
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
  process.stderr.write('usage: npm run refresh:azure-data -- regions <locations.json> | openai-models <folder of <region>.json>\n');
  return 3;
}

process.exitCode = main(process.argv.slice(2));
