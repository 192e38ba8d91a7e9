/**
 * Refreshes the Azure data files from the Azure CLI's JSON (needs an `az login` to produce it):
 *
 *   az account list-locations --output json > locations.json
 *   npm run refresh:azure-data -- regions locations.json
 *
 *   for r in eastus swedencentral ...; do az cognitiveservices model list --location $r --output json > models/$r.json; done
 *   npm run refresh:azure-data -- openai-models models
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
import {
  aksVersionsFromDocs,
  AksVersionsFile,
  openAiModelsFromAz,
  OpenAiModelsFile,
  openAiRetirementsFromDocs,
  OpenAiRetirementsFile,
  regionsFromAz,
  RegionsFile,
} from './azure-data';

const DATA = join(__dirname, '..', 'catalog', 'data');
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const write = (file: string, data: unknown) => writeFileSync(join(DATA, file), `${JSON.stringify(data, null, 2)}\n`);

function main([kind, input, source]: string[]): number {
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
    'usage: npm run refresh:azure-data -- regions <locations.json> | openai-models <folder of <region>.json>\n' +
      '         | aks-versions <supported-kubernetes-versions.md> "<source>" | openai-retirements <model-retirement-schedule.md> "<source>"\n',
  );
  return 3;
}

process.exitCode = main(process.argv.slice(2));
