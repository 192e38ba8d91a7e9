/**
 * Checks of the Azure OpenAI deployment against the pinned model data: the model, its version, the
 * deployment SKU, and, when Azure OpenAI is deployed, whether the region offers that combination.
 */
import { inDays, judgeDate } from '../catalog/dated';
import {
  findOpenAiModel,
  OPENAI_MODELS,
  OPENAI_MODELS_FILE,
  OPENAI_RETIREMENTS_FILE,
  OPENAI_RETIREMENTS_RETRIEVED,
  OPENAI_SKUS_COVERED,
  OpenAiModelVersion,
  openAiRetirement,
  tier1QuotaTpm,
} from './azure';
import { didYouMean } from './suggest';

/** What the checks need. */
export interface OpenAiChoice {
  /** Model name as given (any case). */
  readonly model: string;
  /** Model version. */
  readonly version: string;
  /** Deployment SKU (canonical spelling). */
  readonly sku: string;
  /** Region (programmatic name). */
  readonly location: string;
  /** Whether Azure OpenAI is deployed (`DEPLOY_AZURE_OPENAI=true`): only then must the region offer it and the version be live. */
  readonly deployed: boolean;
  /** The day synth runs (ISO day), against which the version's retirement is judged. */
  readonly today: string;
}

type Report = (variable: 'AZURE_OPENAI_MODEL_NAME' | 'AZURE_OPENAI_MODEL_VERSION' | 'AZURE_OPENAI_SKU', message: string) => void;

/**
 * Checks `choice` and reports each problem through `report`, each notice through `warn`.
 * @returns the model name as Azure spells it, or undefined when the model is unknown.
 */
export function checkOpenAi(choice: OpenAiChoice, report: Report, warn: Report): string | undefined {
  const model = findOpenAiModel(choice.model);
  if (!model) {
    report(
      'AZURE_OPENAI_MODEL_NAME',
      [
        'not an Azure OpenAI chat model',
        didYouMean(
          choice.model,
          OPENAI_MODELS.map((m) => m.name),
        ),
        `the full list, with versions and regions, is in ${OPENAI_MODELS_FILE}`,
      ]
        .filter(Boolean)
        .join('; '),
    );
    return undefined;
  }
  const versions = model.versions.map((x) => x.version);
  const version = model.versions.find((x) => x.version === choice.version);
  if (!version) {
    report(
      'AZURE_OPENAI_MODEL_VERSION',
      [`not a version of ${model.name}: Azure needs an exact version, one of ${versions.join(', ')}`, didYouMean(choice.version, versions)]
        .filter(Boolean)
        .join('; '),
    );
  }
  if (version && choice.deployed && !checkRetirement(model.name, version, model.versions, choice.today, report, warn)) return model.name;
  if (!version || !OPENAI_SKUS_COVERED.includes(choice.sku)) return model.name;
  const offer = version.skus[choice.sku];
  const skus = Object.keys(version.skus);
  if (!offer) {
    report('AZURE_OPENAI_SKU', `${model.name} ${version.version} has no ${choice.sku} deployment; it offers ${skus.join(', ')}`);
  } else if (choice.deployed && !offer.regions.includes(choice.location)) {
    const elsewhere = skus.filter((s) => version.skus[s].regions.includes(choice.location));
    const shown = offer.regions.slice(0, 5).join(', ');
    const more = offer.regions.length > 5 ? ` and ${offer.regions.length - 5} more` : '';
    report(
      'AZURE_OPENAI_SKU',
      `${choice.location} does not offer ${model.name} ${version.version} as ${choice.sku}` +
        (elsewhere.length > 0 ? `, but does as ${elsewhere.join(', ')} (set AZURE_OPENAI_SKU)` : '') +
        `; regions that offer it: ${shown}${more} (all in ${OPENAI_MODELS_FILE})`,
    );
  }
  return model.name;
}

/**
 * The version's retirement judged on `today`: refused from its retirement date on, warned in the 60
 * days before; a version new customers can no longer deploy (`Deprecated`) is warned about, since a
 * subscription that deployed it before still may. @returns false when refused.
 */
function checkRetirement(
  model: string,
  version: OpenAiModelVersion,
  versions: readonly OpenAiModelVersion[],
  today: string,
  report: Report,
  warn: Report,
): boolean {
  const retirement = openAiRetirement(model, version.version);
  const verdict = judgeDate(retirement?.retiresOn, today);
  const live = versions
    .filter((x) => judgeDate(openAiRetirement(model, x.version)?.retiresOn, today).state !== 'ended')
    .map((x) => x.version)
    .filter((x) => x !== version.version);
  const instead =
    live.length === 0 ? 'choose another model' : `set ${live.length === 1 ? live[0] : `one of ${live.join(', ')}`}, or another model`;
  const source = `${OPENAI_RETIREMENTS_FILE}, read ${OPENAI_RETIREMENTS_RETRIEVED}`;
  if (verdict.state === 'ended') {
    report(
      'AZURE_OPENAI_MODEL_VERSION',
      `Azure retired ${model} ${version.version} on ${verdict.on}: every call to a deployment of it fails; ${instead} (${source})`,
    );
    return false;
  }
  if (verdict.state === 'ending') {
    warn(
      'AZURE_OPENAI_MODEL_VERSION',
      `Azure retires ${model} ${version.version} on ${verdict.on}, ${inDays(verdict.daysLeft)}: from then on every call to it fails; move to a later model (${source})`,
    );
  }
  if (retirement?.lifecycle === 'Deprecated') {
    warn(
      'AZURE_OPENAI_MODEL_VERSION',
      `the retirement schedule lists ${model} ${version.version} as Deprecated: a subscription that never deployed it can no longer deploy it (Azure refuses the deployment); ${instead} (${source})`,
    );
  }
  return true;
}

/**
 * A note when `capacity` (units of 1,000 tokens per minute) exceeds the Tier 1 default quota of
 * the model and SKU in one region, where the quota table lists it; undefined otherwise.
 */
export function openAiQuotaNote(model: string, version: string, sku: string, capacity: number): string | undefined {
  const tpm = tier1QuotaTpm(model, version, sku);
  if (tpm === undefined || capacity * 1000 <= tpm) return undefined;
  return `capacity ${capacity} (${thousands(capacity * 1000)} tokens/min) exceeds the Tier 1 default quota for ${model} ${sku} (${thousands(tpm)}); a subscription on Tier 1 or the Free tier must request more quota first`;
}

/** `5000000` as `5,000,000` (without Intl, which loads ICU data on first use). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
