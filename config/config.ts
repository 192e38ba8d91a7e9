/**
 * Environment -> one typed, validated, frozen Config. The only code that reads the environment is
 * `main.ts`, which passes `process.env` here; everything after works on the Config.
 */
import {
  chooseSize,
  estimateFit,
  findGpuSku,
  GPU_SKUS,
  Fit,
  nodePrice,
  presetAvailability,
  PRESETS,
  presetNamesAndAliases,
  refusedByPolicy,
  resolvePreset,
} from '../catalog';
import { inDays, isoDay, judgeDate } from '../catalog/dated';
import type { GpuSku, NodePrice, Preset, ReleaseTrain, SizeChoice } from '../catalog';
import {
  ADDON_RELEASE,
  AddonPreset,
  AddonRelease,
  addonPresetNames,
  admitWorkspace,
  cheapestAddonSize,
  laterEstimatorRefusal,
  minCount,
  resolveAddonPreset,
  WebhookVerdict,
} from '../catalog/addon-release';
import { AKS_ADDON_TRAIN, InstallMode } from '../catalog/install-modes';
import {
  ADDON_RELEASE_VERSIONS,
  AddonReleaseVersion,
  DEFAULT_RELEASE,
  KaitoVersion,
  RELEASE_TRAINS,
  RELEASE_VERSIONS,
} from '../catalog/release-trains';
import {
  APP_NAMESPACE_POD_SECURITY,
  AzureNames,
  azureNames,
  DNS_1123_SUBDOMAIN,
  KUBERNETES_NAMES,
  RESOURCE_GROUP_NAME,
  RESOURCE_GROUP_RULE,
  workspaceName,
} from './names';
import { parse, safeParse } from 'valibot';
import { IPv4 } from 'ipaddr.js';
import type { ProvisionerRole } from '../catalog/provisioner-permissions';
import { ENV_SCHEMA, ENV_VARIABLES, EnvValues, KUBELOGIN_MODES } from './schema';
import type { RemoteStateConfig } from './state';
import { unknownVariables } from './namespaces';
import { checkOpenAi } from './openai';
import { ptuProblem } from './ptu';
import { didYouMean } from './suggest';
import { credentialKind, redactCredentials, shownValue } from './redact';
import { ChartRepositories, chartRepositoriesOf, ClusterAccess, clusterAccessOf } from './cluster-access';
import { checkKubernetesVersion, KubernetesConfig } from './kubernetes';

/** What every Kaito configuration holds, whatever sizes its Workspace. */
interface KaitoConfigCommon {
  /** How Kaito is installed: Helm releases, or the AKS managed add-on. */
  readonly install: InstallMode;
  /**
   * `KAITO_MODEL` as given when it is not the preset's own name (one of Kaito's aliases, or another
   * letter case); the Workspace names the preset itself.
   */
  readonly modelGivenAs?: string;
  /** The Workspace name, `workspace-<model>`. */
  readonly workspaceName: string;
  /** The GPU size of the Workspace's nodes. */
  readonly instanceType: GpuSku;
  /** Whether the user chose the size (`KAITO_INSTANCE_TYPE`) or the catalog did. */
  readonly instanceTypeChosenBy: 'user' | 'catalog';
  /** The list price of one node of that size in `AZURE_LOCATION` (or eastus's), when the price table has one. */
  readonly price?: NodePrice;
  /** GPU nodes requested (`resource.count`). */
  readonly nodeCount: number;
  /** GPU nodes Kaito's controller will create, so the nodes to have quota for. */
  readonly nodesToRequest: number;
  /** Secret holding `HF_TOKEN`, for presets that download their weights at runtime. */
  readonly modelAccessSecret?: string;
  /** The role gpu-provisioner's identity holds on the cluster (Helm install). */
  readonly provisionerRole: ProvisionerRole;
}

/** Kaito 0.10.0 or 0.12.0 (Helm, or the add-on when `KAITO_VERSION` says it runs one): its node estimator sizes the Workspace. */
export interface EstimatedKaitoConfig extends KaitoConfigCommon {
  /** Kaito's node estimator decides the nodes. */
  readonly sizing: 'estimator';
  /**
   * The release train: chart versions, API version, estimator rule. With the add-on, the train of
   * the Kaito version the add-on is assumed to run (its charts are unused).
   */
  readonly release: ReleaseTrain;
  /** The preset served by the Workspace. */
  readonly preset: Preset;
  /** The estimator's verdict for the preset on that size. */
  readonly fit: Fit;
  /**
   * The size the catalog picks for the preset in `AZURE_LOCATION`: the lowest list price that fits
   * (`chooseSize`). It is the size used unless `KAITO_INSTANCE_TYPE` chose another.
   */
  readonly catalogChoice: SizeChoice;
  /**
   * GPU nodes Kaito's controller will create: its node estimate. For a vLLM Workspace Kaito sizes
   * from GPU memory and ignores `resource.count` (kaito-oracle `estimate -count 3` gives the same
   * nodes as `-count 1`).
   */
  readonly nodesToRequest: number;
}

/** Kaito 0.6.0, the AKS add-on's version: no estimator; `resource.count` nodes, judged by its webhook. */
export interface AddonKaitoConfig extends KaitoConfigCommon {
  /** The admission webhook's static figures decide; the nodes are `resource.count`. */
  readonly sizing: 'webhook';
  /** Only the add-on runs it. */
  readonly install: 'aks-addon';
  /** Kaito 0.6.0. */
  readonly release: AddonRelease;
  /** The preset served by the Workspace. */
  readonly preset: AddonPreset;
  /** The webhook's verdict on the Workspace synth emits (no refusals, or synth fails). */
  readonly admission: WebhookVerdict;
  /** Exactly `resource.count`: Kaito 0.6.0 provisions that many nodes. */
  readonly nodesToRequest: number;
}

/** The Kaito side of the configuration. */
export type KaitoConfig = EstimatedKaitoConfig | AddonKaitoConfig;

/** The Azure OpenAI side of the configuration. */
export interface OpenAiConfig {
  /** Whether ai-service uses Azure OpenAI (true) or the Kaito-served model (false). */
  readonly enabled: boolean;
  /** Model to deploy. */
  readonly modelName: string;
  /** Model version. */
  readonly modelVersion: string;
  /** Deployment SKU. */
  readonly sku: string;
  /** Capacity: thousands of tokens per minute for a standard SKU, PTUs for a provisioned one. */
  readonly capacity: number;
  /** API version ai-service calls. */
  readonly apiVersion: string;
}

/** The whole, validated configuration. */
export interface Config {
  /** azd environment name. */
  readonly envName: string;
  /** Azure region. */
  readonly location: string;
  /** Subscription, when known (needed to deploy, not to synth). */
  readonly subscriptionId?: string;
  /** Tenant, when known. */
  readonly tenantId?: string;
  /** Every Azure resource name. */
  readonly names: AzureNames;
  /** The cluster's Kubernetes version and its support window. */
  readonly kubernetes: KubernetesConfig;
  /** Kaito settings and catalog decisions. */
  readonly kaito: KaitoConfig;
  /** Azure OpenAI settings. */
  readonly openAi: OpenAiConfig;
  /** kubelogin login mode for the cluster-side providers. */
  readonly kubeloginMode: (typeof KUBELOGIN_MODES)[number];
  /** IPv4 CIDRs allowed to reach the API server, canonical; empty when any address may. */
  readonly apiServerAuthorizedIpRanges: readonly string[];
  /** Remote state in Azure Storage, when the `RS_` variables are set; local state otherwise. */
  readonly remoteState?: RemoteStateConfig;
  /**
   * Every variable as the environment gave it (trimmed; empty when unset): what azd substitutes into
   * `main.tfvars.json`, so Terraform can check it against what synth decided.
   */
  readonly rawEnvironment: Readonly<Record<string, string>>;
  /** How kaito-stack reaches the cluster: the AKS path (default) or a kubeconfig file (`AKS_KUBECONFIG`). */
  readonly cluster: ClusterAccess;
  /** Chart repositories that replace the upstream ones (`*_CHART_REPOSITORY`). */
  readonly chartRepositories: ChartRepositories;
  /**
   * Notices that do not stop synth: a dated pin within 60 days of its date, an Azure OpenAI version
   * new customers can no longer deploy. `main.ts` prints them.
   */
  readonly warnings: readonly ConfigIssue[];
}

/** One problem with one variable. */
export interface ConfigIssue {
  /** The variable at fault (the first one, for cross-field rules). */
  readonly variable: string;
  /** Its value as given, or `(unset)`. */
  readonly value: string;
  /** What is wrong, why, what is allowed and the fix. */
  readonly message: string;
}

/** Thrown by `loadConfig` with every problem found, so the user fixes them in one go. */
export class ConfigError extends Error {
  /** Every problem found. */
  readonly issues: readonly ConfigIssue[];

  constructor(given: readonly ConfigIssue[]) {
    // no credential is ever printed: a value that is one is shown by its kind, credential parts of
    // others (a URL's user:password@) and of messages are hidden
    const issues = given.map((i) => ({ variable: i.variable, value: shownValue(i.value), message: redactCredentials(i.message) }));
    super(
      `Invalid configuration (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${i.variable}=${i.value}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates the configuration from `env` (usually `process.env`); a relative
 * `AKS_KUBECONFIG` is taken from `cwd` (default: the current directory). Every dated pin is judged
 * against `today` (default: now; tests fix it).
 * @throws ConfigError listing every problem when anything is invalid.
 */
export function loadConfig(env: Env, cwd: string = process.cwd(), today: Date = new Date()): Config {
  const day = isoDay(today);
  const warnings: ConfigIssue[] = [];
  const issues: ConfigIssue[] = unknownVariables(env).map((u) => ({ variable: u.name, value: u.value, message: u.message }));
  const { values: v, failed } = parseEach(env, issues);
  const shown = (name: keyof EnvValues) =>
    env[name] !== undefined && env[name] !== '' ? String(env[name]) : v[name] === undefined ? '(unset)' : `${String(v[name])} (default)`;
  const add = (variable: keyof EnvValues, message: string) => issues.push({ variable, value: shown(variable), message });
  const warn = (variable: keyof EnvValues, message: string) => warnings.push({ variable, value: shown(variable), message });

  const openAiEnabled = v.DEPLOY_AZURE_OPENAI === 'true';
  const workloadIdentityEnabled = v.DEPLOY_AZURE_WORKLOAD_IDENTITY === 'true';

  // the add-on brings its own Kaito, node provisioner and identity: settings of the Helm install
  // would be silently ignored, so they are refused (the two install modes never mix)
  if (v.KAITO_INSTALL === 'aks-addon') {
    for (const name of ['KAITO_PROVISIONER_ROLE', 'KAITO_CHART_REPOSITORY', 'GPU_PROVISIONER_CHART_REPOSITORY'] as const) {
      if (env[name] !== undefined && env[name].trim() !== '') {
        add(
          name,
          'has no effect with KAITO_INSTALL=aks-addon: the AKS add-on installs Kaito and its node provisioner itself, with its own identity and images; unset it, or set KAITO_INSTALL=helm',
        );
      }
    }
  }

  if (!workloadIdentityEnabled) {
    add(
      'DEPLOY_AZURE_WORKLOAD_IDENTITY',
      v.KAITO_INSTALL === 'aks-addon'
        ? 'the AKS Kaito add-on needs the OIDC issuer and workload identity for its node provisioner; set it to "true"'
        : 'Kaito\'s gpu-provisioner authenticates to Azure only through workload identity (a federated credential on its ServiceAccount); set it to "true"',
    );
    if (openAiEnabled) {
      add(
        'DEPLOY_AZURE_OPENAI',
        'Azure OpenAI is deployed with key-based auth disabled, so ai-service needs workload identity to reach it; set DEPLOY_AZURE_WORKLOAD_IDENTITY=true or DEPLOY_AZURE_OPENAI=false',
      );
    }
  }
  const tokenKind = v.KAITO_MODEL_ACCESS_SECRET === undefined ? undefined : credentialKind(v.KAITO_MODEL_ACCESS_SECRET);
  if (tokenKind) {
    add(
      'KAITO_MODEL_ACCESS_SECRET',
      `holds ${tokenKind} itself, not the name of a Kubernetes Secret; the token goes into a Secret in namespace pets (kubectl create secret generic hf-token -n pets --from-literal=HF_TOKEN=<token>), and this variable takes that Secret's name (hf-token); revoke the token if this environment was shared or logged`,
    );
  } else if (v.KAITO_MODEL_ACCESS_SECRET !== undefined && !DNS_1123_SUBDOMAIN.test(v.KAITO_MODEL_ACCESS_SECRET)) {
    add(
      'KAITO_MODEL_ACCESS_SECRET',
      'must be a Secret name (DNS-1123 subdomain): lowercase letters, digits, "-" and ".", at most 253, starting and ending alphanumeric',
    );
  }

  const remoteState = remoteStateOf(v, add);
  const openAiModel = ['AZURE_OPENAI_MODEL_NAME', 'AZURE_OPENAI_SKU'].some((k) => failed.has(k))
    ? v.AZURE_OPENAI_MODEL_NAME
    : checkOpenAi(
        {
          model: v.AZURE_OPENAI_MODEL_NAME,
          version: v.AZURE_OPENAI_MODEL_VERSION,
          sku: v.AZURE_OPENAI_SKU,
          location: v.AZURE_LOCATION,
          deployed: openAiEnabled,
          today: day,
        },
        add,
        warn,
      );
  // provisioned SKUs count capacity in PTUs, with a minimum and a step per model (config/ptu.ts)
  if (openAiModel !== undefined && !failed.has('AZURE_OPENAI_CAPACITY') && !failed.has('AZURE_OPENAI_SKU')) {
    const ptu = ptuProblem(openAiModel, v.AZURE_OPENAI_SKU, Number(v.AZURE_OPENAI_CAPACITY));
    if (ptu) add('AZURE_OPENAI_CAPACITY', ptu);
  }
  const apiServerAuthorizedIpRanges = authorizedIpRangesOf(v.AKS_API_SERVER_AUTHORIZED_IP_RANGES, (m) =>
    add('AKS_API_SERVER_AUTHORIZED_IP_RANGES', m),
  );
  const cluster = clusterAccessOf(
    v,
    azureNames(v.AZURE_ENV_NAME),
    { helmInstall: v.KAITO_INSTALL === 'helm', openAiEnabled, cwd, failed },
    add,
  );
  // KAITO_MODEL and KAITO_INSTANCE_TYPE take any text (kaitoDecisions judges them); only the release can fail to parse
  const kaito = failed.has('KAITO_VERSION') ? undefined : kaitoDecisions(v, day, add, warn);
  const kubernetes = failed.has('AKS_KUBERNETES_VERSION')
    ? undefined
    : checkKubernetesVersion(
        v.AKS_KUBERNETES_VERSION,
        day,
        (m) => add('AKS_KUBERNETES_VERSION', m),
        (m) => warn('AKS_KUBERNETES_VERSION', m),
      );
  if (issues.length > 0 || !kaito || !cluster || !kubernetes) throw new ConfigError(issues);

  return deepFreeze({
    envName: v.AZURE_ENV_NAME,
    location: v.AZURE_LOCATION,
    subscriptionId: v.AZURE_SUBSCRIPTION_ID,
    tenantId: v.AZURE_TENANT_ID,
    names: azureNames(v.AZURE_ENV_NAME),
    kubernetes,
    kaito,
    openAi: {
      enabled: openAiEnabled,
      modelName: openAiModel ?? v.AZURE_OPENAI_MODEL_NAME,
      modelVersion: v.AZURE_OPENAI_MODEL_VERSION,
      sku: v.AZURE_OPENAI_SKU,
      capacity: Number(v.AZURE_OPENAI_CAPACITY),
      apiVersion: v.AZURE_OPENAI_API_VERSION,
    },
    kubeloginMode: v.AKS_KUBELOGIN_MODE,
    apiServerAuthorizedIpRanges,
    remoteState,
    rawEnvironment: Object.fromEntries(ENV_VARIABLES.map((name) => [name, (env[name] ?? '').trim()])),
    cluster,
    chartRepositories: chartRepositoriesOf(v),
    warnings,
  });
}

/** The catalog decisions: preset, instance type and fit, with a message for each way they fail. */
function kaitoDecisions(
  v: EnvValues,
  today: string,
  add: (variable: keyof EnvValues, message: string) => void,
  warn: (variable: keyof EnvValues, message: string) => void,
): KaitoConfig | undefined {
  const version: KaitoVersion =
    v.KAITO_VERSION ?? (v.KAITO_INSTALL === 'aks-addon' ? AKS_ADDON_TRAIN.assumedKaitoVersion : DEFAULT_RELEASE);
  if (isAddonOnly(version)) {
    if (v.KAITO_INSTALL === 'aks-addon') return addonDecisions(v, add);
    add(
      'KAITO_VERSION',
      `Kaito ${version} is the version the AKS add-on runs (KAITO_INSTALL=aks-addon), and kaito-aks has no Helm release train for it (no gpu-provisioner chart tested with it); with KAITO_INSTALL=helm use ${RELEASE_VERSIONS.join(' or ')}, or set KAITO_INSTALL=aks-addon`,
    );
    return undefined;
  }
  const release = RELEASE_TRAINS[version];
  const match = resolvePreset(release.version, v.KAITO_MODEL);
  const preset = match?.preset;
  if (!preset) add('KAITO_MODEL', unknownPresetMessage(v.KAITO_MODEL, release.version));
  const choice = preset ? chooseSize(preset, v.AZURE_LOCATION) : undefined;
  const cheapest = choice?.fit;
  const suggestion = cheapest
    ? `; use ${cheapest.sku.name} (${describeSku(cheapest.sku)}), the ${choice.basis === 'price' ? 'cheapest' : 'smallest'} size that fits ${
        preset?.name
      }, or unset it to get that default`
    : '; unset it to get the cheapest size that fits the model, once the model is one the release serves';

  // checks of the size alone come first, so they are reported even when the model is wrong
  const sku = v.KAITO_INSTANCE_TYPE === undefined ? undefined : findGpuSku(v.KAITO_INSTANCE_TYPE);
  if (v.KAITO_INSTANCE_TYPE !== undefined && !sku) {
    // near misses among the sizes this release lists and our policy allows (never a retired one);
    // a name without Azure's `Standard_` prefix is matched with it
    const names = GPU_SKUS.filter((s) => s.kaitoReleases.includes(release.version) && refusedByPolicy(s) === undefined).map((s) => s.name);
    const near = didYouMean(v.KAITO_INSTANCE_TYPE, names) ?? didYouMean(`Standard_${v.KAITO_INSTANCE_TYPE}`, names, 1);
    add(
      'KAITO_INSTANCE_TYPE',
      `not a GPU size Kaito knows, so its Workspace would never get nodes ("Unsupported SKU")${near ? `; ${near}` : ''}${suggestion}; every size Kaito lists is in catalog/gpu-skus.ts`,
    );
    return undefined;
  }
  if (sku && !sku.kaitoReleases.includes(release.version)) {
    add(
      'KAITO_INSTANCE_TYPE',
      `${sku.name} is not in Kaito ${release.version}'s GPU size table, so the Workspace would never get nodes ("Unsupported SKU")${suggestion}`,
    );
    return undefined;
  }
  // sizes Kaito lists but we refuse: say it is our rule, not Kaito's verdict. A retirement date is
  // judged like every dated pin: refused from that day on, warned in the 60 days before (the catalog
  // never picks a size that has a retirement date at all)
  const retirement = judgeDate(sku?.retiredOn, today);
  const policy = sku ? refusedByPolicy(sku) : undefined;
  if (sku && policy === 'RETIRED' && retirement.state !== 'ended') {
    if (retirement.state === 'ending') {
      warn(
        'KAITO_INSTANCE_TYPE',
        `Azure retires ${sku.name} on ${sku.retiredOn}, ${inDays(retirement.daysLeft)}: from then on its nodes cannot be created${suggestion}`,
      );
    }
  } else if (sku && policy) {
    const why =
      policy === 'NOT_NVIDIA'
        ? `it has an ${sku.gpuModel} GPU and Kaito's vLLM images are CUDA builds that need an NVIDIA GPU`
        : `Azure retired it on ${sku.retiredOn}, so it can no longer be created`;
    add(
      'KAITO_INSTANCE_TYPE',
      `Kaito ${release.version} lists ${sku.name}, but kaito-aks refuses it by its own policy: ${why}${suggestion}`,
    );
    return undefined;
  }
  if (!preset) return undefined;
  secretRules(preset, v.KAITO_MODEL_ACCESS_SECRET, add);
  if (!podSecurityRule(preset, add)) return undefined;

  const fit = sku ? estimateFit(preset, sku) : cheapest;
  if (!fit) {
    add(
      'KAITO_MODEL',
      `no GPU size that Kaito ${release.version} lists can hold ${preset.name} (${preset.modelSizeGiB} GiB of weights); choose a smaller model`,
    );
    return undefined;
  }
  if (fit.failure) {
    add('KAITO_INSTANCE_TYPE', `${fitFailureMessage(fit, preset, release.version)}${suggestion}`);
    return undefined;
  }
  return {
    sizing: 'estimator',
    install: v.KAITO_INSTALL,
    release,
    preset,
    modelGivenAs: match.givenAs,
    workspaceName: workspaceName(preset.name),
    instanceType: fit.sku,
    instanceTypeChosenBy: sku ? 'user' : 'catalog',
    fit,
    price: nodePrice(fit.sku.name, v.AZURE_LOCATION),
    // a size that fits is one of chooseSize's candidates, so there is a choice
    catalogChoice: choice!,
    nodeCount: Number(v.KAITO_NODE_COUNT),
    nodesToRequest: fit.nodesNeeded,
    modelAccessSecret: v.KAITO_MODEL_ACCESS_SECRET,
    provisionerRole: v.KAITO_PROVISIONER_ROLE,
  };
}

/**
 * Remote state needs all three `RS_` variables, with names Azure Storage accepts. A problem goes to
 * `add` (and `loadConfig` then throws), so what is returned is used only when all three are valid.
 */
function remoteStateOf(v: EnvValues, add: (variable: keyof EnvValues, message: string) => void): RemoteStateConfig | undefined {
  const { RS_RESOURCE_GROUP: group, RS_STORAGE_ACCOUNT: account, RS_CONTAINER_NAME: containerName } = v;
  const names = ['RS_RESOURCE_GROUP', 'RS_STORAGE_ACCOUNT', 'RS_CONTAINER_NAME'] as const;
  const given = names.filter((k) => v[k] !== undefined);
  if (given.length === 0) return undefined;
  if (group === undefined || account === undefined || containerName === undefined) {
    for (const k of names.filter((k) => v[k] === undefined)) {
      add(
        k,
        `remote state needs RS_RESOURCE_GROUP, RS_STORAGE_ACCOUNT and RS_CONTAINER_NAME together (${given.join(', ')} given); set it, or unset all three for local state`,
      );
    }
    return undefined;
  }
  if (!RESOURCE_GROUP_NAME.test(group)) add('RS_RESOURCE_GROUP', RESOURCE_GROUP_RULE);
  if (!/^[a-z0-9]{3,24}$/.test(account)) {
    const lower = account.toLowerCase();
    add(
      'RS_STORAGE_ACCOUNT',
      `must be a storage account name: 3 to 24 lowercase letters and digits${/^[a-z0-9]{3,24}$/.test(lower) ? `; did you mean "${lower}"?` : ''}`,
    );
  }
  const container = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;
  if (!container.test(containerName)) {
    const lower = containerName.toLowerCase();
    add(
      'RS_CONTAINER_NAME',
      `must be a blob container name: 3 to 63 lowercase letters, digits and single hyphens, starting and ending alphanumeric${
        container.test(lower) ? `; did you mean "${lower}"?` : ''
      }`,
    );
  }
  return { resourceGroupName: group, storageAccountName: account, containerName };
}

/**
 * Kaito's admission webhook on `presetOptions.modelAccessSecret` (v0.10.0 and v0.12.0): it rejects
 * the Secret for a preset whose weights are in its image ("This preset does not require a
 * modelAccessSecret with HF_TOKEN key under presetOptions") and requires it for one whose download
 * needs authentication ("This preset requires authentication and needs a modelAccessSecret ...").
 */
function secretRules(preset: Preset, secret: string | undefined, add: (variable: keyof EnvValues, message: string) => void): void {
  if (secret !== undefined && !preset.downloadAtRuntime) {
    add(
      'KAITO_MODEL_ACCESS_SECRET',
      `${preset.name} at Kaito ${preset.release} has its weights in Kaito's image and downloads nothing, so Kaito's admission webhook rejects a modelAccessSecret for it ("This preset does not require a modelAccessSecret"); unset KAITO_MODEL_ACCESS_SECRET`,
    );
  }
  if (secret === undefined && preset.downloadAuthRequired) {
    add(
      'KAITO_MODEL',
      `the weights of ${preset.name} (${preset.huggingFaceId}) need a Hugging Face token at Kaito ${preset.release}, and Kaito's admission webhook rejects the Workspace without one ("This preset requires authentication"); create a Secret with key HF_TOKEN in namespace pets and set KAITO_MODEL_ACCESS_SECRET to its name`,
    );
  }
}

/**
 * Pod Security: the Workspace lives in the app namespace, which enforces
 * {@link APP_NAMESPACE_POD_SECURITY}; a preset whose inference pod (as Kaito's controller generates
 * it, `podSecurityLevel` from the API server's own dry run) needs more is refused here, since the
 * API server would refuse the pod and the Workspace would never become ready. kaito-aks does not
 * lower the store app's namespace to `privileged` for it. Returns false when refused.
 */
function podSecurityRule(preset: Preset, add: (variable: keyof EnvValues, message: string) => void): boolean {
  if (preset.podSecurityLevel !== 'privileged') return true;
  const refused = PRESETS.filter((p) => p.release === preset.release && p.podSecurityLevel === 'privileged').map((p) => p.name);
  add(
    'KAITO_MODEL',
    `Kaito ${preset.release}'s inference pod for ${preset.name} mounts the node path ${preset.hostPaths.join(', ') || '(none recorded)'} (a hostPath volume) and needs Pod Security "privileged"; the Workspace runs in namespace ${KUBERNETES_NAMES.appNamespace}, which enforces "${APP_NAMESPACE_POD_SECURITY}" for the store app, so the API server would refuse the pod and the Workspace would never become ready. kaito-aks does not lower the namespace to "privileged"; choose a preset whose pod "${APP_NAMESPACE_POD_SECURITY}" admits (at Kaito ${preset.release} all but ${refused.join(', ')}; ${fullList(preset.release)})`,
  );
  return false;
}

/** Where the full list of presets is, for messages that do not print ~90 names. */
function fullList(release: string): string {
  return `the full list: npx kaito-aks models --release ${release}`;
}

/**
 * The API server's authorized ranges: comma-separated IPv4 CIDRs (AKS `authorizedIPRanges`), each
 * written as its network address and prefix length, as Azure stores them. Checked with ipaddr.js.
 */
function authorizedIpRangesOf(raw: string | undefined, add: (message: string) => void): string[] {
  if (raw === undefined) return [];
  const ranges = raw.split(',').map((r) => r.trim());
  for (const range of ranges) {
    if (range === '') {
      add('has an empty entry (a doubled or trailing comma); separate the CIDRs with single commas');
    } else if (IPv4.isValidFourPartDecimal(range)) {
      add(`"${range}" has no prefix length; write ${range}/32 for that one address`);
    } else if (!IPv4.isValidCIDRFourPartDecimal(range)) {
      add(`"${range}" is not an IPv4 CIDR: four numbers 0-255 separated by ".", then "/" and a prefix length 0-32, e.g. 203.0.113.7/32`);
    } else {
      const canonical = `${IPv4.networkAddressFromCIDR(range).toString()}/${IPv4.parseCIDR(range)[1]}`;
      if (canonical.endsWith('/0')) {
        add(
          `"${range}" admits every address, as leaving the variable unset does; list the addresses that deploy and administer the cluster`,
        );
      } else if (canonical !== range) {
        add(`"${range}" has host bits set or leading zeros; the range it means is written ${canonical}`);
      }
    }
  }
  // ranges that together admit every address say what /0 says: refused the same way
  const valid = ranges.filter((r) => IPv4.isValidCIDRFourPartDecimal(r) && !r.endsWith('/0'));
  if (valid.length > 0 && valid.length === ranges.length && coversEveryAddress(valid)) {
    add(
      `${valid.join(',')} together admit every IPv4 address, as /0 or leaving the variable unset does; list the addresses that deploy and administer the cluster`,
    );
  }
  return ranges;
}

function isAddonOnly(version: KaitoVersion): version is AddonReleaseVersion {
  return (ADDON_RELEASE_VERSIONS as readonly string[]).includes(version);
}

/**
 * The catalog decisions at Kaito 0.6.0 (the add-on's version), which has no node estimator: the
 * Workspace gets exactly `KAITO_NODE_COUNT` nodes and Kaito's admission webhook judges it with static
 * figures (`catalog/addon-release.ts`). Every refusal of that webhook becomes a synth error, and so
 * do sizes our policy refuses: outside Kaito's table (which its webhook lets through unchecked),
 * retired or not NVIDIA, or too small for the model by Kaito 0.10.0's estimator.
 */
function addonDecisions(v: EnvValues, add: (variable: keyof EnvValues, message: string) => void): AddonKaitoConfig | undefined {
  const release = ADDON_RELEASE;
  const match = resolveAddonPreset(v.KAITO_MODEL);
  const preset = match?.preset;
  if (!preset) add('KAITO_MODEL', unknownAddonPresetMessage(v.KAITO_MODEL));
  const cheapest = preset ? cheapestAddonSize(preset) : undefined;
  const suggestion = cheapest
    ? `; use ${cheapest.name} (${describeSku(cheapest)}), the cheapest size Kaito ${release.version} admits for ${preset?.name} on one node, or unset it to get that default`
    : '; unset it to get the cheapest size that fits the model, once the model is one the release serves';

  const sku = v.KAITO_INSTANCE_TYPE === undefined ? undefined : findGpuSku(v.KAITO_INSTANCE_TYPE);
  if (v.KAITO_INSTANCE_TYPE !== undefined && (!sku || !sku.kaitoReleases.includes(release.version))) {
    const names = GPU_SKUS.filter((s) => s.kaitoReleases.includes(release.version) && refusedByPolicy(s) === undefined).map((s) => s.name);
    const near = didYouMean(v.KAITO_INSTANCE_TYPE, names) ?? didYouMean(`Standard_${v.KAITO_INSTANCE_TYPE}`, names, 1);
    add(
      'KAITO_INSTANCE_TYPE',
      `not in Kaito ${release.version}'s GPU size table: its webhook would let any Standard_N* or Standard_D* name through without a GPU check (even a size with no GPU), so kaito-aks refuses it by its own policy${near ? `; ${near}` : ''}${suggestion}`,
    );
    return undefined;
  }
  const policy = sku ? refusedByPolicy(sku) : undefined;
  if (sku && policy) {
    const why =
      policy === 'NOT_NVIDIA'
        ? `it has an ${sku.gpuModel} GPU: Kaito's vLLM images are CUDA builds, and the AKS add-on does not support AMD GPU sizes`
        : `Azure retired it on ${sku.retiredOn}, so it can no longer be created`;
    add(
      'KAITO_INSTANCE_TYPE',
      `Kaito ${release.version} lists ${sku.name}, but kaito-aks refuses it by its own policy: ${why}${suggestion}`,
    );
    return undefined;
  }
  if (!preset) return undefined;
  const instanceType = sku ?? cheapest;
  if (!instanceType) {
    add(
      'KAITO_MODEL',
      `no GPU size holds ${preset.name} on one node at Kaito ${release.version} (its webhook asks for ${preset.totalGpuMemoryGiB} GiB of GPU memory in total, and kaito-aks runs one node there; see KAITO_NODE_COUNT); choose a smaller model, or install with KAITO_INSTALL=helm, whose Kaito ${DEFAULT_RELEASE} spreads a model over the nodes it needs`,
    );
    return undefined;
  }
  const nodeCount = Number(v.KAITO_NODE_COUNT);
  const request = { preset: preset.name, instanceType: instanceType.name, modelAccessSecret: v.KAITO_MODEL_ACCESS_SECRET };
  const admission = admitWorkspace({ ...request, count: nodeCount });
  const refused = (r: (typeof admission.refusals)[number]) => admission.refusals.includes(r);
  const webhook = `Kaito ${release.version}'s admission webhook (the AKS add-on's) refuses the Workspace`;
  const gpuShortfalls = [
    refused('GPU_COUNT') ? `${preset.gpuCount} GPUs, ${admission.provided?.gpus} given` : undefined,
    refused('PER_GPU_MEMORY') ? `${preset.perGpuMemoryGiB} GiB per GPU, ${admission.provided?.perGpuGiB} GiB given` : undefined,
    refused('TOTAL_GPU_MEMORY')
      ? `${preset.totalGpuMemoryGiB} GiB of GPU memory in total, ${admission.provided?.totalGiB} GiB given`
      : undefined,
  ].filter((x): x is string => x !== undefined);
  if (gpuShortfalls.length > 0) {
    const withLen = minCount({ ...request, maxModelLen: true });
    add(
      'KAITO_INSTANCE_TYPE',
      `${webhook}: ${preset.name} asks for ${gpuShortfalls.join(', and ')} by ${nodeCount} x ${instanceType.name}${
        withLen !== undefined && withLen > 1
          ? `; it would take resource.count ${withLen} and an inference config that sets max-model-len, which kaito-aks does not emit`
          : ''
      }${suggestion}`,
    );
  }
  if (refused('MAX_MODEL_LEN')) {
    if (nodeCount > 1) {
      add(
        'KAITO_NODE_COUNT',
        `Kaito ${release.version} (the AKS add-on's) gives the Workspace exactly resource.count nodes, and its webhook refuses a count above 1 unless an inference config sets vLLM's max-model-len, which kaito-aks does not emit; set KAITO_NODE_COUNT=1 and a size that holds the model on one node`,
      );
    } else {
      add(
        'KAITO_INSTANCE_TYPE',
        `${webhook}: ${instanceType.name} has ${instanceType.gpuCount} GPUs of less than 20 GiB each, for which Kaito ${release.version} requires vLLM's max-model-len in an inference config, which kaito-aks does not emit${suggestion}`,
      );
    }
  }
  if (refused('SECRET_REJECTED')) {
    add(
      'KAITO_MODEL_ACCESS_SECRET',
      `${preset.name} at Kaito ${release.version} has its weights in Kaito's image and downloads nothing, so Kaito's admission webhook rejects a modelAccessSecret for it ("This preset does not require a modelAccessSecret"); unset KAITO_MODEL_ACCESS_SECRET`,
    );
  }
  if (refused('SECRET_REQUIRED')) {
    add(
      'KAITO_MODEL',
      `the weights of ${preset.name} (${preset.huggingFaceId}) are downloaded from Hugging Face when the pod starts at Kaito ${release.version}, and Kaito's admission webhook rejects the Workspace without a token ("This preset requires a modelAccessSecret"); create a Secret with key HF_TOKEN in namespace pets and set KAITO_MODEL_ACCESS_SECRET to its name`,
    );
  }
  // only what Kaito admits is judged by our own rule, so Kaito's verdict is always the one reported
  const later = admission.refusals.length === 0 ? laterEstimatorRefusal(preset, instanceType) : undefined;
  if (later) {
    add(
      'KAITO_INSTANCE_TYPE',
      `Kaito ${release.version}'s webhook admits ${instanceType.name} for ${preset.name} (it asks for ${preset.totalGpuMemoryGiB} GiB in total), but kaito-aks refuses it by its own policy: the node estimator of Kaito 0.10.0 says ${
        later.failure === undefined
          ? `it needs ${later.nodesNeeded} nodes of ${instanceType.name}, and the add-on's Workspace gets one`
          : `${preset.name} needs ${later.requiredGiBOnOneGpu} GiB on one GPU and ${instanceType.name} has ${later.availableGiBPerGpu} GiB usable per GPU`
      }${suggestion}`,
    );
    return undefined;
  }

  if (admission.refusals.length > 0 || later) return undefined;
  return {
    sizing: 'webhook',
    install: 'aks-addon',
    release,
    preset,
    modelGivenAs: match.givenAs,
    workspaceName: workspaceName(preset.name),
    instanceType,
    instanceTypeChosenBy: sku ? 'user' : 'catalog',
    price: nodePrice(instanceType.name, v.AZURE_LOCATION),
    admission,
    nodeCount,
    nodesToRequest: nodeCount,
    modelAccessSecret: v.KAITO_MODEL_ACCESS_SECRET,
    provisionerRole: v.KAITO_PROVISIONER_ROLE,
  };
}

function unknownAddonPresetMessage(model: string): string {
  const version = ADDON_RELEASE.version;
  const elsewhere = presetAvailability(model).servedBy;
  const names = addonPresetNames();
  const near = didYouMean(model, names, 1);
  return `not a preset of Kaito ${version}, the version the AKS add-on is assumed to run (KAITO_INSTALL=aks-addon)${
    elsewhere.length > 0
      ? `; Kaito ${elsewhere.join(' and ')} serve it: install with KAITO_INSTALL=helm and KAITO_VERSION=${elsewhere[elsewhere.length - 1]}`
      : ''
  }; ${near ? `${near}; ` : ''}Kaito ${version} serves ${names.join(', ')}`;
}

/** True when the union of `cidrs` is all of IPv4 (0.0.0.0 to 255.255.255.255). */
function coversEveryAddress(cidrs: readonly string[]): boolean {
  const spans = cidrs
    .map((c) => {
      const bits = IPv4.parseCIDR(c)[1];
      const start = IPv4.networkAddressFromCIDR(c)
        .toByteArray()
        .reduce((n, b) => n * 256 + b, 0);
      return [start, start + 2 ** (32 - bits) - 1] as const;
    })
    .sort((a, b) => a[0] - b[0]);
  let next = 0;
  for (const [start, end] of spans) {
    if (start > next) return false;
    next = Math.max(next, end + 1);
  }
  return next > 0xffffffff;
}

function unknownPresetMessage(model: string, release: ReleaseTrain['version']): string {
  const where = presetAvailability(model);
  if (where.servedBy.length > 0) {
    const removed = where.removedIn ? `removed in ${where.removedIn}; ` : '';
    const last = where.servedBy[where.servedBy.length - 1];
    return `not served by Kaito ${release} (${removed}${last} still has it: set KAITO_VERSION=${last}); or pick another, ${fullList(release)}`;
  }
  const near = didYouMean(model, presetNamesAndAliases(release), 1);
  const online = model.includes('/')
    ? ' (Kaito would look other Hugging Face ids up online when the Workspace is created; kaito-aks takes only the presets Kaito knows offline, whose fit it can check at synth)'
    : '';
  return `not a preset of Kaito ${release}${online}; ${near ? `${near}; ` : ''}${fullList(release)}`;
}

function fitFailureMessage(fit: Fit, preset: Preset, release: string): string {
  const need = `needs ${fit.requiredGiBOnOneGpu} GiB on one GPU, ${fit.sku.name} has ${fit.availableGiBPerGpu} GiB per GPU (${describeSku(
    fit.sku,
  )})`;
  switch (fit.failure) {
    case 'OVERHEAD_EXCEEDS_GPU':
      return `too little GPU memory: ${fit.sku.name} offers ${fit.availableGiBPerGpu} GiB per GPU, less than the runtime overhead alone (${preset.name} needs ${fit.requiredGiBOnOneGpu} GiB on one GPU, weights included)`;
    case 'NOT_SPLITTABLE':
      return `too little GPU memory: ${preset.name} cannot be split across GPUs and ${need}`;
    case 'NOT_MULTI_NODE':
      return `too little GPU memory: ${preset.name} cannot be distributed across nodes at Kaito ${release} and needs ${fit.gpusNeeded} GPUs of ${fit.sku.name} (${fit.availableGiBPerGpu} GiB usable per GPU, ${Math.ceil(fit.gpusNeeded / fit.sku.gpuCount)} nodes of ${describeSku(fit.sku)}), so Kaito gives the Workspace no nodes`;
    default:
      return need;
  }
}

/** `1 x NVIDIA A10, 24 GiB` */
export function describeSku(sku: GpuSku): string {
  return `${sku.gpuCount} x ${sku.gpuModel}, ${sku.gpuMemoryGiB} GiB`;
}

/**
 * Parses every variable on its own, so that one bad value does not hide the others: a failed
 * variable is reported and falls back to its default for the checks that do not depend on it.
 */
function parseEach(env: Env, issues: ConfigIssue[]): { values: EnvValues; failed: Set<string> } {
  const values: Record<string, unknown> = {};
  const failed = new Set<string>();
  for (const [name, { schema }] of Object.entries(ENV_SCHEMA)) {
    const raw = env[name];
    const invisible = raw === undefined ? undefined : invisibleCharacter(raw);
    if (raw !== undefined && invisible) {
      // synth would trim some of these, but azd hands Terraform the value as it is, and its check fails
      // with advice that cannot help: refused here, named, with where it is
      failed.add(name);
      issues.push({
        variable: name,
        value: raw.replace(INVISIBLE_GLOBAL, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`),
        message: `holds ${invisible}; such characters come from copying out of an editor, a web page or a file saved with a BOM, and Azure, Terraform or kubelogin would not read the value as it looks; type the value again (azd env set ${name} <value>)`,
      });
      values[name] = parse(schema, undefined);
      continue;
    }
    const result = safeParse(schema, env[name]);
    if (result.success) {
      values[name] = result.output;
    } else {
      failed.add(name);
      // Stryker disable next-line StringLiteral: every variable's schema accepts unset (parse(schema, undefined) below relies on it), so one that fails was given
      issues.push({ variable: name, value: env[name] ?? '(unset)', message: result.issues[0].message });
      values[name] = parse(schema, undefined);
    }
  }
  return { values: values as EnvValues, failed };
}

/** Characters that cannot be seen or are not a plain space. */
const INVISIBLE_GLOBAL = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/gu;

/** Names of the invisible characters people paste most. */
const INVISIBLE_NAMES: Readonly<Record<string, string>> = {
  '\uFEFF': 'a byte-order mark',
  '\u200B': 'a zero-width space',
  '\u200C': 'a zero-width non-joiner',
  '\u200D': 'a zero-width joiner',
  '\u2060': 'a word joiner',
  '\u00A0': 'a no-break space',
  '\u00AD': 'a soft hyphen',
};

/**
 * The first character of `value` that cannot be seen or is not a plain space, described with its
 * code point and place, or undefined: Unicode format and control characters (a byte-order mark, a
 * zero-width space; tab and line ends only at the ends, where they are trimmed) and spaces other
 * than U+0020.
 */
function invisibleCharacter(value: string): string | undefined {
  const inner = value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const match = new RegExp(INVISIBLE_GLOBAL.source, 'u').exec(inner);
  if (!match) return undefined;
  const ch = match[0];
  const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const what = INVISIBLE_NAMES[ch] ?? 'an invisible or control character';
  return `${what} (${code}) at character ${match.index + 1}`;
}

function deepFreeze<T>(value: T): T {
  // a primitive, null and undefined count as frozen already
  if (!Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
