/**
 * Checks of the Azure OpenAI deployment against the pinned model data: the model, its version, the
 * deployment SKU, and, when Azure OpenAI is deployed, whether the region offers that combination.
 */
import { findOpenAiModel, OPENAI_MODELS, OPENAI_MODELS_FILE, OPENAI_SKUS_COVERED, tier1QuotaTpm } from './azure';
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
  /** Whether Azure OpenAI is deployed (`DEPLOY_AZURE_OPENAI=true`): only then must the region offer it. */
  readonly deployed: boolean;
}

type Report = (variable: 'AZURE_OPENAI_MODEL_NAME' | 'AZURE_OPENAI_MODEL_VERSION' | 'AZURE_OPENAI_SKU', message: string) => void;

/**
 * Checks `choice` and reports each problem through `report`.
 * @returns the model name as Azure spells it, or undefined when the model is unknown.
 */
export function checkOpenAi(choice: OpenAiChoice, report: Report): string | undefined {
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
