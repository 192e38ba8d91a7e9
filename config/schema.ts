/**
 * The environment contract: every variable kaito-aks reads, with its type, default and allowed
 * values. azd names first; azd stores booleans as the strings "true" / "false".
 *
 * This schema is the single source of the README's configuration table (a test keeps them equal).
 */
import { z } from 'zod';
import { INSTALL_MODES } from '../catalog/install-modes';
import { RELEASE_VERSIONS } from '../catalog/release-trains';

/** An empty string means "unset": azd writes empty values for variables it knows but has no value for. */
const unsetIfEmpty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v);

const toggle = (fallback: boolean, description: string) =>
  z.preprocess(
    (v) => {
      const s = unsetIfEmpty(v);
      return typeof s === 'string' && /^(true|false)$/i.test(s) ? s.toLowerCase() : s;
    },
    z
      .enum(['true', 'false'], { error: 'must be "true" or "false" (azd semantics); any other value is an error, not false' })
      .default(fallback ? 'true' : 'false')
      .describe(description),
  );

const text = (fallback: string, description: string, allowed: string) =>
  z.preprocess(unsetIfEmpty, z.string().default(fallback).describe(description).meta({ allowed }));
const optionalText = (description: string, allowed: string) =>
  z.preprocess(unsetIfEmpty, z.string().optional().describe(description).meta({ allowed }));
const guid = (description: string) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, { error: 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)' })
      .optional()
      .describe(description)
      .meta({ allowed: 'a GUID' }),
  );
const positiveInt = (fallback: number, description: string) =>
  z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[0-9]+$/, { error: 'must be a whole number of 1 or more' })
      .refine((s) => Number(s) >= 1, { error: 'must be 1 or more' })
      .default(String(fallback))
      .describe(description)
      .meta({ allowed: 'a whole number, 1 or more' }),
  );

/** The azd environment name rule: letters, digits and hyphens, 1 to 64, starting and ending alphanumeric. */
export const ENV_NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?$/;

/** Azure OpenAI deployment SKUs (azurerm 4.55 `azurerm_cognitive_deployment` `sku.name`). */
export const OPENAI_DEPLOYMENT_SKUS = [
  'GlobalStandard',
  'Standard',
  'DataZoneStandard',
  'GlobalBatch',
  'DataZoneBatch',
  'ProvisionedManaged',
  'GlobalProvisionedManaged',
  'DataZoneProvisionedManaged',
] as const;

/** How the cluster-side providers get a token for the AKS API server (kubelogin `--login`). */
export const KUBELOGIN_MODES = ['azurecli', 'azd', 'workloadidentity', 'msi', 'spn'] as const;

/** The schema of the environment variables kaito-aks reads. */
export const ENV_SCHEMA = z.object({
  AZURE_ENV_NAME: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(ENV_NAME_PATTERN, {
        error:
          'must be 1 to 64 letters, digits or hyphens, starting and ending with a letter or digit (Azure resource names derive from it)',
      })
      .default('kaito')
      .describe('azd environment name; every Azure resource name derives from it')
      .meta({ allowed: '1-64 letters, digits, `-`; starts and ends alphanumeric' }),
  ),
  AZURE_LOCATION: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[a-z0-9]+$/, { error: 'must be an Azure region name such as eastus or westeurope (lowercase letters and digits)' })
      .default('eastus')
      .describe('Azure region for every resource')
      .meta({ allowed: 'a region name, e.g. `westeurope`' }),
  ),
  AZURE_SUBSCRIPTION_ID: guid('Subscription to deploy to; needed to deploy, not to synth'),
  AZURE_TENANT_ID: guid('Microsoft Entra tenant; read from the login at deploy time when unset'),
  DEPLOY_AZURE_OPENAI: toggle(false, 'ai-service backend: "true" = Azure OpenAI, "false" = the Kaito-served model'),
  DEPLOY_AZURE_WORKLOAD_IDENTITY: toggle(true, 'Workload identity for gpu-provisioner and ai-service; Kaito needs it'),
  KAITO_VERSION: z.preprocess(
    unsetIfEmpty,
    z
      .enum(RELEASE_VERSIONS, { error: `must be one of ${RELEASE_VERSIONS.join(', ')}` })
      .optional()
      .describe('Kaito release train; with aks-addon, the Kaito version the add-on is assumed to run. Default 0.10.0 for both'),
  ),
  KAITO_INSTALL: z.preprocess(
    unsetIfEmpty,
    z
      .enum(INSTALL_MODES, { error: `must be one of ${INSTALL_MODES.join(', ')}` })
      .default('helm')
      .describe('How Kaito is installed: its Helm charts, or the AKS managed add-on'),
  ),
  KAITO_MODEL: text('falcon-7b-instruct', 'Kaito preset to serve (`inference.preset.name`)', 'a preset the release serves (see Models)'),
  KAITO_INSTANCE_TYPE: optionalText(
    'GPU VM size for the Workspace; default: the cheapest Kaito-listed size that fits the model',
    'a GPU size the release lists that fits the model',
  ),
  KAITO_NODE_COUNT: positiveInt(1, 'GPU nodes requested for the Workspace (`resource.count`)'),
  KAITO_MODEL_ACCESS_SECRET: optionalText(
    'Secret in namespace pets with key HF_TOKEN, for presets whose weights need a Hugging Face token',
    'a Secret name (DNS-1123 subdomain)',
  ),
  AZURE_OPENAI_MODEL_NAME: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, {
        error: 'must be a model name such as gpt-4.1-mini: letters, digits, ".", "_" and "-", at most 64 (it also names the deployment)',
      })
      .default('gpt-4.1-mini')
      .describe('Azure OpenAI model to deploy; also the deployment name')
      .meta({ allowed: 'a model your region offers' }),
  ),
  AZURE_OPENAI_MODEL_VERSION: text('2025-04-14', 'Version of that model', 'a version of that model'),
  AZURE_OPENAI_SKU: z.preprocess(
    unsetIfEmpty,
    z
      .enum(OPENAI_DEPLOYMENT_SKUS, { error: `must be one of ${OPENAI_DEPLOYMENT_SKUS.join(', ')}` })
      .default('GlobalStandard')
      .describe('Deployment SKU'),
  ),
  AZURE_OPENAI_CAPACITY: positiveInt(10, 'Deployment capacity, thousands of tokens per minute'),
  AZURE_OPENAI_API_VERSION: text('2024-12-01-preview', 'API version ai-service calls', 'an Azure OpenAI API version'),
  RS_RESOURCE_GROUP: optionalText(
    'Remote state (Azure Storage): resource group of the storage account; set all three RS_ variables or none',
    'a resource group name',
  ),
  RS_STORAGE_ACCOUNT: optionalText('Remote state: storage account (Entra ID auth, no keys)', 'a storage account name'),
  RS_CONTAINER_NAME: optionalText('Remote state: blob container', 'a container name'),
  AKS_KUBELOGIN_MODE: z.preprocess(
    unsetIfEmpty,
    z
      .enum(KUBELOGIN_MODES, { error: `must be one of ${KUBELOGIN_MODES.join(', ')}` })
      .default('azurecli')
      .describe('How the helm and kubernetes providers log in to the cluster (kubelogin --login)'),
  ),
});

/** The environment after parsing: defaults applied, strings checked. */
export type EnvValues = z.output<typeof ENV_SCHEMA>;

/** The variable names kaito-aks reads. */
export const ENV_VARIABLES = Object.keys(ENV_SCHEMA.shape) as (keyof EnvValues)[];

/** The description of a variable, as the README table shows it. */
export function variableDescription(name: keyof EnvValues): string {
  return (ENV_SCHEMA.shape[name] as { out: { description?: string } }).out.description ?? '';
}
