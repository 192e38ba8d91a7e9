/**
 * The environment contract: every variable kaito-aks reads, with its type, default and allowed
 * values. azd names first; azd stores booleans as the strings "true" / "false".
 *
 * Each variable is a valibot schema plus the row the README's configuration table shows for it
 * (a test keeps the two equal). valibot rather than zod: its import costs about 5 ms against
 * zod 4's 25 ms (zod loads all of its 48 error-message locales), on every synth.
 */
import * as v from 'valibot';
import { INSTALL_MODES } from '../catalog/install-modes';
import { KAITO_VERSIONS } from '../catalog/release-trains';
import { AZURE_REGIONS, findRegion, LIMITS, REGIONS_FILE } from './azure';
import { didYouMean } from './suggest';
import apiVersions from '../catalog/data/azure-openai-api-versions.json';

/** The api-version values ai-service may send, GA first (`catalog/data/azure-openai-api-versions.json`). */
export const OPENAI_API_VERSIONS: readonly string[] = [...apiVersions.ga, ...apiVersions.preview];
const OPENAI_API_VERSIONS_SOURCE = `catalog/data/azure-openai-api-versions.json, retrieved ${apiVersions.retrieved}`;
import { PROVISIONER_ROLES } from '../catalog/provisioner-permissions';

/** A variable: how its value is checked, and how the README documents it. */
export interface Variable<Output> {
  /** Checks the raw value (a string, or undefined when unset) and applies the default. */
  readonly schema: v.GenericSchema<unknown, Output>;
  /** What the variable is for. */
  readonly description: string;
  /** The value used when the variable is unset or empty. */
  readonly default?: string;
  /** The values accepted, in words or as a list of choices. */
  readonly allowed: string | readonly string[];
  /**
   * True when the value is a name Azure or Kaito compares case-insensitively (a choice, a region,
   * a model, a size, a GUID): synth folds its case to the canonical spelling, and the Terraform
   * check of `main.tfvars.json` compares it ignoring case. Whitespace around every value is ignored.
   */
  readonly ignoreCase?: boolean;
}

/** The same variable, compared ignoring case (see `Variable.ignoreCase`). */
const ignoringCase = <Output>(variable: Variable<Output>): Variable<Output> => ({ ...variable, ignoreCase: true });

/** An empty string means "unset": azd writes empty values for variables it knows but has no value for. */
const unsetIfEmpty = (value: unknown) => (typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim()) : value);

/** A schema that first treats an empty value as unset. */
function variable<Output>(
  schema: v.GenericSchema<unknown, Output>,
  doc: Omit<Variable<Output>, 'schema'>,
  normalize: (value: unknown) => unknown = unsetIfEmpty,
): Variable<Output> {
  return { schema: v.pipe(v.unknown(), v.transform(normalize), schema), ...doc };
}

/** A string matching `pattern`, or `message`. */
const matching = (pattern: RegExp, message: string) => v.pipe(v.string(), v.regex(pattern, message));

/** A string with a default; `allowed` says in words what it may be, `check` enforces it. */
const text = (fallback: string, description: string, allowed: string, check: v.GenericSchema<string, string> = v.string()) =>
  variable(v.optional(check, fallback), { description, default: fallback, allowed });

/** A string without a default. */
const optionalText = (description: string, allowed: string) => variable(v.optional(v.string()), { description, allowed });

/** One of `choices`; with `fallback`, that one when unset. */
function choice<const T extends readonly [string, ...string[]]>(choices: T, description: string, fallback: T[number]): Variable<T[number]>;
function choice<const T extends readonly [string, ...string[]]>(choices: T, description: string): Variable<T[number] | undefined>;
function choice<const T extends readonly [string, ...string[]]>(choices: T, description: string, fallback?: T[number]) {
  const schema = v.picklist(choices, (issue) =>
    [`must be one of ${choices.join(', ')}`, didYouMean(String(issue.input), choices)].filter(Boolean).join('; '),
  );
  // any case is accepted and folded to the canonical spelling: "AKS-Addon" is "aks-addon"
  const canonical = (raw: unknown) => {
    const s = unsetIfEmpty(raw);
    return typeof s === 'string' ? (choices.find((c) => c.toLowerCase() === s.toLowerCase()) ?? s) : s;
  };
  return variable(v.optional(schema, fallback), { description, default: fallback, allowed: choices, ignoreCase: true }, canonical);
}

/** "true" or "false", in any case; any other value is an error. */
const toggle = (fallback: boolean, description: string) => {
  const value = fallback ? 'true' : 'false';
  return variable(
    v.optional(v.picklist(['true', 'false'], 'must be "true" or "false" (azd semantics); any other value is an error, not false'), value),
    { description, default: value, allowed: ['true', 'false'], ignoreCase: true },
    (raw) => {
      const s = unsetIfEmpty(raw);
      // lowercasing any other value is harmless: it fails the picklist, and the issue shows the raw value
      return typeof s === 'string' ? s.toLowerCase() : s;
    },
  );
};

const guid = (description: string) =>
  variable(
    v.optional(matching(/^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/, 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)')),
    { description, allowed: 'a GUID', ignoreCase: true },
    (raw) => {
      const s = unsetIfEmpty(raw);
      return typeof s === 'string' ? s.toLowerCase() : s;
    },
  );

/** A whole number from 1 to `max` (why `max`: `bound`, said when the value exceeds it). */
const positiveInt = (fallback: number, description: string, max: number, bound: string) =>
  variable(
    v.optional(
      v.pipe(
        matching(/^[0-9]+$/, `must be a whole number from 1 to ${max}`),
        v.check((s) => Number(s) >= 1, 'must be 1 or more'),
        v.check((s) => Number(s) <= max, `must be at most ${max}: ${bound}`),
      ),
      String(fallback),
    ),
    { description, default: String(fallback), allowed: `a whole number, 1 to ${max}` },
  );

/** An Azure region: any case, folded to the programmatic name; unknown names get the closest ones. */
const region = (fallback: string, description: string) =>
  variable(
    v.optional(
      v.pipe(
        v.string(),
        v.check(
          (s) => findRegion(s) !== undefined,
          (issue) =>
            [
              'not an Azure region',
              didYouMean(String(issue.input), AZURE_REGION_NAMES),
              `the full list is in ${REGIONS_FILE} (or: az account list-locations --output table)`,
            ]
              .filter(Boolean)
              .join('; '),
        ),
      ),
      fallback,
    ),
    { description, default: fallback, allowed: 'an Azure region name, e.g. `westeurope` (any case)', ignoreCase: true },
    (raw) => {
      const s = unsetIfEmpty(raw);
      return typeof s === 'string' ? s.toLowerCase() : s;
    },
  );

/** What the message of a bad chart repository says is allowed. */
export const CHART_REPOSITORY_RULE =
  'must be an https:// Helm repository URL or an oci:// registry path (for example oci://myregistry.azurecr.io/helm); plain http:// only on the loopback address (127.0.0.1, localhost or [::1])';

/**
 * Why `url` is not a chart repository kaito-aks accepts, or undefined when it is: an `https://` Helm
 * repository or an `oci://` registry path (Helm appends the chart name to either), or `http://` on
 * the loopback address only (a local mirror: nothing leaves the machine unencrypted). Parsed as a
 * WHATWG URL, so a bad host or port fails too; credentials, a query or a file name are refused.
 */
export function chartRepositoryProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return CHART_REPOSITORY_RULE;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  if (!['https:', 'oci:'].includes(parsed.protocol) && !(parsed.protocol === 'http:' && loopback)) return CHART_REPOSITORY_RULE;
  if (parsed.hostname === '' || /[\s"'\\]/.test(url)) return CHART_REPOSITORY_RULE;
  if (parsed.username !== '' || parsed.password !== '') {
    return 'holds credentials (user:password@), which would be written into cdk.tf.json and the Terraform state; give the URL without them and sign Helm in to the mirror outside kaito-aks';
  }
  // the WHATWG parser fills search and hash only from a "?" and a "#", which an empty query or fragment leaves out
  if (url.includes('?') || url.includes('#')) {
    return 'must have no query (?...) or fragment (#...): Helm appends index.yaml or the chart name to the URL';
  }
  if (/\.(ya?ml|tgz)$/i.test(parsed.pathname)) {
    return "names a file; give the repository's base URL (Helm appends index.yaml, or the chart name for oci://)";
  }
  return undefined;
}

/** A chart repository that replaces an upstream one; same chart name and pinned version. */
const chartRepository = (description: string) =>
  variable(
    v.optional(
      v.pipe(
        v.string(),
        v.rawCheck(({ dataset, addIssue }) => {
          const problem = dataset.typed ? chartRepositoryProblem(dataset.value) : undefined;
          if (problem) addIssue({ message: problem });
        }),
      ),
    ),
    { description, allowed: '`https://` or `oci://` URL (`http://` on loopback only)' },
  );

/** The azd environment name rule: letters, digits and hyphens, 1 to 64, starting and ending alphanumeric. */
export const ENV_NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?$/;

/**
 * Azure OpenAI deployment SKUs ai-service can call (azurerm 4.55 `azurerm_cognitive_deployment`
 * `sku.name`). Not `GlobalBatch` and `DataZoneBatch`, which azurerm also takes: a batch deployment
 * serves only the Batch API, and ai-service makes real-time chat calls.
 */
export const OPENAI_DEPLOYMENT_SKUS = [
  'GlobalStandard',
  'Standard',
  'DataZoneStandard',
  'ProvisionedManaged',
  'GlobalProvisionedManaged',
  'DataZoneProvisionedManaged',
] as const;

/** How the cluster-side providers get a token for the AKS API server (kubelogin `--login`). */
export const KUBELOGIN_MODES = ['azurecli', 'azd', 'workloadidentity', 'msi', 'spn'] as const;

const AZURE_REGION_NAMES = AZURE_REGIONS.map((r) => r.name);

/**
 * The cluster's Kubernetes minor when `AKS_KUBERNETES_VERSION` is unset: one AKS supports on the day
 * it was chosen (2026-12-07: 1.36, community support until 2027-06-30 per AKS's calendar), pinned
 * rather than left to AKS's own default so that every synth creates the same cluster. Synth judges it
 * against the calendar like any value, so synth warns 60 days before its end: the signal to move it on.
 */
export const DEFAULT_KUBERNETES_VERSION = '1.36';

/** The variables kaito-aks reads, in the README's order. */
export const ENV_SCHEMA = {
  AZURE_ENV_NAME: text(
    'kaito',
    'azd environment name; every Azure resource name derives from it',
    '1-64 letters, digits, `-`; starts and ends alphanumeric',
    matching(
      ENV_NAME_PATTERN,
      'must be 1 to 64 letters, digits or hyphens, starting and ending with a letter or digit (Azure resource names derive from it)',
    ),
  ),
  AZURE_LOCATION: region('eastus', 'Azure region for every resource'),
  AZURE_SUBSCRIPTION_ID: guid('Subscription to deploy to; needed to deploy, not to synth'),
  AZURE_TENANT_ID: guid('Microsoft Entra tenant; read from the login at deploy time when unset'),
  DEPLOY_AZURE_OPENAI: toggle(false, 'ai-service backend: "true" = Azure OpenAI, "false" = the Kaito-served model'),
  DEPLOY_AZURE_WORKLOAD_IDENTITY: toggle(true, 'Workload identity for gpu-provisioner and ai-service; Kaito needs it'),
  KAITO_VERSION: choice(
    KAITO_VERSIONS,
    'Kaito release train (helm: 0.10.0 or 0.12.0, default 0.10.0); with aks-addon, the Kaito version the add-on runs, default 0.6.0 as the AKS docs state (0.6.0 is add-on only)',
  ),
  KAITO_INSTALL: choice(INSTALL_MODES, 'How Kaito is installed: its Helm charts, or the AKS managed add-on', 'helm'),
  KAITO_MODEL: ignoringCase(
    text('falcon-7b-instruct', 'Kaito preset to serve (`inference.preset.name`)', 'a preset the release serves (see Models)'),
  ),
  KAITO_INSTANCE_TYPE: ignoringCase(
    optionalText(
      'GPU VM size for the Workspace; default: the cheapest Kaito-listed size that fits the model',
      'a GPU size the release lists that fits the model',
    ),
  ),
  KAITO_NODE_COUNT: positiveInt(
    1,
    'GPU nodes requested for the Workspace (`resource.count`)',
    LIMITS.maxGpuNodes,
    'gpu-provisioner gives each GPU node its own AKS node pool, and AKS allows 100 node pools per cluster, one of them the system pool',
  ),
  KAITO_MODEL_ACCESS_SECRET: optionalText(
    'Secret in namespace pets with key HF_TOKEN, for presets whose weights need a Hugging Face token',
    'a Secret name (DNS-1123 subdomain)',
  ),
  AZURE_OPENAI_MODEL_NAME: ignoringCase(
    text(
      'gpt-4.1-mini',
      'Azure OpenAI model to deploy; also the deployment name',
      'an Azure OpenAI chat model (see Bad input)',
      matching(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/,
        'must be a model name such as gpt-4.1-mini: letters, digits, ".", "_" and "-", at most 64 (it also names the deployment)',
      ),
    ),
  ),
  AZURE_OPENAI_MODEL_VERSION: text('2025-04-14', 'Version of that model', 'a version of that model, e.g. `2025-04-14`'),
  AZURE_OPENAI_SKU: choice(OPENAI_DEPLOYMENT_SKUS, 'Deployment SKU', 'GlobalStandard'),
  AZURE_OPENAI_CAPACITY: positiveInt(
    10,
    'Deployment capacity: thousands of tokens per minute for standard SKUs; PTUs for provisioned SKUs, with a minimum and step per model (billed by the hour, used or not)',
    LIMITS.maxOpenAiCapacity,
    "Azure OpenAI's largest capacity for one deployment",
  ),
  AZURE_OPENAI_API_VERSION: text(
    '2024-12-01-preview',
    'API version ai-service calls',
    'an Azure OpenAI API version Microsoft lists as current, e.g. `2024-10-21` (see `catalog/data/azure-openai-api-versions.json`)',
    v.pipe(
      v.string(),
      v.check(
        (s) => OPENAI_API_VERSIONS.includes(s),
        (issue) =>
          [
            `not an Azure OpenAI API version Microsoft lists as current (${OPENAI_API_VERSIONS_SOURCE}); ai-service sends it as api-version, and Azure refuses a retired or made-up one when the first call is made`,
            didYouMean(String(issue.input), OPENAI_API_VERSIONS),
            `one of ${OPENAI_API_VERSIONS.join(', ')}`,
          ]
            .filter(Boolean)
            .join('; '),
      ),
    ),
  ),
  RS_RESOURCE_GROUP: optionalText(
    'Remote state (Azure Storage): resource group of the storage account; set all three RS_ variables or none',
    'a resource group name',
  ),
  RS_STORAGE_ACCOUNT: optionalText('Remote state: storage account (Entra ID auth, no keys)', 'a storage account name'),
  RS_CONTAINER_NAME: optionalText('Remote state: blob container', 'a container name'),
  AKS_KUBELOGIN_MODE: choice(
    KUBELOGIN_MODES,
    'How the helm and kubernetes providers log in to the cluster (kubelogin --login)',
    'azurecli',
  ),
  KAITO_PROVISIONER_ROLE: choice(
    PROVISIONER_ROLES,
    "Role of gpu-provisioner's identity on the cluster (Helm install): `custom` holds only the node pool actions its code calls; `contributor` is the built-in role, for Azure policies that forbid custom roles",
    'custom',
  ),
  AKS_KUBERNETES_VERSION: text(
    DEFAULT_KUBERNETES_VERSION,
    "Kubernetes minor version of the cluster; AKS picks its newest patch. Refused from the day AKS's community support for it ends, warned 60 days before (see Dated pins)",
    'a minor version AKS supports today, e.g. `1.36`',
    matching(
      /^[0-9]+\.[0-9]+$/,
      'must be a Kubernetes minor version such as 1.36 (no "v", no patch): AKS picks the newest patch of the minor and the patch upgrade channel keeps it current',
    ),
  ),
  AKS_API_SERVER_AUTHORIZED_IP_RANGES: optionalText(
    "Addresses allowed to reach the cluster's API server; include the deployer's (see Security). Unset: any address, Entra ID sign-in still required",
    'comma-separated IPv4 CIDRs, e.g. `203.0.113.7/32`',
  ),
  // kubeconfig mode and chart mirrors (config/cluster-access.ts); only kaito-stack reads these
  AKS_KUBECONFIG: optionalText(
    'kubeconfig mode: kaito-stack reaches the cluster through this kubeconfig file and makes no Azure API call; unset = the AKS path (Azure lookups and kubelogin)',
    'a file path; relative to where synth runs',
  ),
  AKS_KUBECONFIG_CONTEXT: optionalText('kubeconfig mode: the context to use', 'a context in that file; default its current context'),
  AZURE_AKS_CLUSTER_NAME: optionalText(
    'kubeconfig mode: the infra output, the cluster gpu-provisioner adds GPU node pools to',
    'an AKS cluster name (1-63 letters, digits, `_`, `-`); default `aks-<AZURE_ENV_NAME>`',
  ),
  AZURE_RESOURCEGROUP_NAME: optionalText(
    "kubeconfig mode: the infra output, the cluster's resource group",
    'a resource group name (1-90 letters, digits, `_-.()`, no trailing `.`); default `rg-<AZURE_ENV_NAME>`',
  ),
  KAITO_IDENTITY_CLIENT_ID: guid('kubeconfig mode with KAITO_INSTALL=helm: the infra output, the client ID gpu-provisioner signs in with'),
  AZURE_OPENAI_ENDPOINT: variable(
    v.optional(
      v.pipe(
        matching(/^https:\/\/[^\s"'\\]+$/, 'must be an https:// URL (the infra output AZURE_OPENAI_ENDPOINT)'),
        // a key in the URL would be written into the ai-service values and the Terraform state
        v.check(
          (s) => !/^https:\/\/[^/]*@/.test(s) && !/[?#]/.test(s),
          'must be the bare endpoint (the infra output AZURE_OPENAI_ENDPOINT, e.g. https://oai-kaito.openai.azure.com/), with no user, password, query or fragment: ai-service signs in with workload identity, never a key',
        ),
      ),
    ),
    {
      description: 'kubeconfig mode with DEPLOY_AZURE_OPENAI=true: the infra output, the Azure OpenAI endpoint',
      allowed: 'an https:// URL',
    },
  ),
  AZURE_IDENTITY_CLIENT_ID: guid('kubeconfig mode with DEPLOY_AZURE_OPENAI=true: the infra output, the client ID ai-service signs in with'),
  KAITO_CHART_REPOSITORY: chartRepository(
    "Mirror of Kaito's workspace chart repository; default https://kaito-project.github.io/kaito/charts/kaito",
  ),
  GPU_PROVISIONER_CHART_REPOSITORY: chartRepository(
    'Mirror of the gpu-provisioner chart repository; default https://azure.github.io/gpu-provisioner/charts',
  ),
  STORE_CHART_REPOSITORY: chartRepository(
    'Mirror of the AKS Store Demo chart repository; default https://azure-samples.github.io/aks-store-demo',
  ),
} as const;

/** The environment after parsing: defaults applied, strings checked. */
export type EnvValues = { -readonly [K in keyof typeof ENV_SCHEMA]: (typeof ENV_SCHEMA)[K] extends Variable<infer O> ? O : never };

/** The variable names kaito-aks reads. */
export const ENV_VARIABLES = Object.keys(ENV_SCHEMA) as (keyof EnvValues)[];

/** The description of a variable, as the README table shows it. */
export function variableDescription(name: keyof EnvValues): string {
  return ENV_SCHEMA[name].description;
}
