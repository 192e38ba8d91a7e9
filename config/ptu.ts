/**
 * Provisioned Azure OpenAI deployments (`ProvisionedManaged`, `GlobalProvisionedManaged`,
 * `DataZoneProvisionedManaged`) count `AZURE_OPENAI_CAPACITY` in provisioned throughput units
 * (PTUs), with a minimum and a step per model and deployment type, from
 * `catalog/data/azure-openai-ptu.json` (source and date inside). Pure; no cdktf.
 */
import ptuData from '../catalog/data/azure-openai-ptu.json';

/** The data file, for messages. */
export const PTU_FILE = `catalog/data/azure-openai-ptu.json, retrieved ${ptuData.retrieved}`;

/** The provisioned SKUs and which rule of the data each follows. */
const PROVISIONED: Readonly<Record<string, 'globalAndDataZone' | 'regional'>> = {
  ProvisionedManaged: 'regional',
  GlobalProvisionedManaged: 'globalAndDataZone',
  DataZoneProvisionedManaged: 'globalAndDataZone',
};

/** Whether `sku` is a provisioned deployment type: capacity in PTUs, billed by the hour. */
export function isProvisioned(sku: string): boolean {
  return sku in PROVISIONED;
}

/** The minimum and step in PTUs of `model` as `sku`, or undefined when the data has no rule for it. */
export function ptuRule(model: string, sku: string): { readonly minimum: number; readonly increment: number } | undefined {
  const kind = PROVISIONED[sku];
  const rules = (ptuData.models as Record<string, Record<'globalAndDataZone' | 'regional', { minimum: number; increment: number }>>)[model];
  return kind && rules ? rules[kind] : undefined;
}

/**
 * Why `capacity` PTUs of `model` as the provisioned `sku` cannot be deployed, or undefined when it can
 * (or `sku` is not provisioned). A model the data has no rule for is refused: its PTU rule cannot be
 * checked offline.
 */
export function ptuProblem(model: string, sku: string, capacity: number): string | undefined {
  if (!isProvisioned(sku)) return undefined;
  const rule = ptuRule(model, sku);
  const billing = 'a provisioned deployment is billed by the hour for its PTUs whether it is used or not';
  if (!rule) {
    return `${sku} counts capacity in PTUs, and ${PTU_FILE} has no PTU rule for ${model}, so kaito-aks cannot check it; choose a model it lists (${Object.keys(ptuData.models).join(', ')}) or a standard SKU (GlobalStandard, pay per token)`;
  }
  if (capacity >= rule.minimum && (capacity - rule.minimum) % rule.increment === 0) return undefined;
  const below = capacity < rule.minimum;
  const lower = below ? rule.minimum : capacity - ((capacity - rule.minimum) % rule.increment);
  const options = below ? `${rule.minimum}` : `${lower} or ${lower + rule.increment}`;
  return `${sku} deployments of ${model} take capacity in PTUs (provisioned throughput units, not thousands of tokens per minute): at least ${rule.minimum}, in steps of ${rule.increment}; ${below ? 'the smallest is' : 'the nearest are'} ${options} (${PTU_FILE}); ${billing}`;
}
