/** The human summary `npm run synth` prints after synthesis. */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeSku } from './config';
import { APP_NAMESPACE_POD_SECURITY, KUBERNETES_NAMES, workspaceEndpoint } from './config/names';
import type { Config } from './config';
import { AKS_ADDON_TRAIN } from './catalog/install-modes';
import { isProvisioned, PTU_FILE } from './config/ptu';
import { openAiQuotaNote } from './config/openai';
import { openAiRetirement } from './config/azure';
import { formatMoney, GPU_PRICES, PRICE_FALLBACK_REGION } from './catalog/prices';
import type { NodePrice } from './catalog/prices';

/** What the summary needs from one synthesized stack. */
export interface SynthesizedStack {
  /** Stack name. */
  readonly name: string;
  /** Resource count by Terraform type. */
  readonly resources: Readonly<Record<string, number>>;
  /** Output names. */
  readonly outputs: readonly string[];
}

/** Reads the stacks of a cdktf output folder. */
export function readManifest(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks: Record<string, { synthesizedStackPath: string }>;
  };
  return Object.entries(manifest.stacks).map(([name, stack]) => {
    const tf = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8')) as {
      resource?: Record<string, Record<string, unknown>>;
      output?: Record<string, unknown>;
    };
    const resources: Record<string, number> = {};
    for (const [type, byName] of Object.entries(tf.resource ?? {})) resources[type] = Object.keys(byName).length;
    return { name, resources, outputs: Object.keys(tf.output ?? {}) };
  });
}

/**
 * The next steps the summary ends with, as this project installs its tools: the cdktf CLI is a dev
 * dependency (`npx cdktf`), the Day-2 commands are npm scripts. In kubeconfig mode the cluster is not
 * infra's, so only kaito-stack is deployed (and azd, which provisions infra, is not the way).
 * `__tests__/summary.test.ts` checks each command against package.json.
 */
export function nextSteps(config: Config): readonly (readonly [command: string, what: string])[] {
  const deploy: readonly [string, string] =
    config.cluster.kind === 'kubeconfig'
      ? ['npx cdktf deploy kaito-stack', "Kaito, the Workspace and the app, on the kubeconfig's cluster"]
      : ['npx cdktf deploy infra kaito-stack', 'infra first, then kaito-stack (or: npm run deploy)'];
  return [deploy, ['npm run wait', 'the GPU node and the model, 10 to 15 minutes'], ['npm run smoke', 'call the model and ai-service']];
}

/** Formats the summary: stacks, model and GPU fit, quota to request, endpoints, next steps. */
export function formatSummary(config: Config, stacks: readonly SynthesizedStack[], outdir: string): string {
  const { kaito } = config;
  const sku = kaito.instanceType;
  const nodes = kaito.nodesToRequest;
  // kubeconfig mode: a value kaito-aks assumed for a cluster it cannot look up is said to be assumed
  const defaulted = (name: string) =>
    (config.rawEnvironment[name] ?? '') === '' ? ` (default: ${name} is unset; set it to the cluster's)` : '';
  const lines = [
    `kaito-aks: synthesized ${stacks.length} stack${stacks.length === 1 ? '' : 's'} into ${relative(process.cwd(), outdir) || '.'}`,
    '',
    ...stacks.map((s) => {
      const total = Object.values(s.resources).reduce((a, b) => a + b, 0);
      return `  ${s.name.padEnd(12)} ${String(total).padStart(3)} resources, ${s.outputs.length} outputs`;
    }),
    '',
    config.cluster.kind === 'kubeconfig'
      ? `Environment   ${config.envName} in ${config.location}${defaulted('AZURE_LOCATION')} (cluster ${config.cluster.infra.clusterName}${defaulted('AZURE_AKS_CLUSTER_NAME')} in ${config.cluster.infra.resourceGroupName}${defaulted('AZURE_RESOURCEGROUP_NAME')}, through the kubeconfig ${config.cluster.path}${config.cluster.context ? `, context ${config.cluster.context}` : ''}; infra is not used)`
      : `Environment   ${config.envName} in ${config.location} (resource group ${config.names.resourceGroup}, cluster ${config.names.cluster})`,
    ...kubernetesLines(config),
    kaito.install === 'aks-addon'
      ? addonKaitoLine(config)
      : `Kaito         ${kaito.release.version} (workspace chart ${kaito.release.workspaceChart.version}, gpu-provisioner chart ${kaito.release.gpuProvisionerChart.version})`,
    `Model         ${kaito.preset.name} (${kaito.preset.huggingFaceId}, ${
      kaito.sizing === 'estimator'
        ? `${kaito.preset.modelSizeGiB} GiB of weights`
        : `Kaito ${kaito.release.version} asks for ${kaito.preset.gpuCount} GPU${kaito.preset.gpuCount === 1 ? '' : 's'} and ${kaito.preset.totalGpuMemoryGiB} GiB of GPU memory in total`
    })${kaito.modelGivenAs ? `; KAITO_MODEL=${kaito.modelGivenAs} resolves to it, and the Workspace names ${kaito.preset.name}` : ''}`,
    ...servedAndPodSecurityLines(config),
    `GPU size      ${sku.name} (${describeSku(sku)}), ${
      kaito.instanceTypeChosenBy === 'user'
        ? 'chosen by KAITO_INSTANCE_TYPE'
        : kaito.sizing === 'webhook'
          ? 'cheapest size its webhook and our fit rule accept'
          : kaito.catalogChoice.basis === 'price'
            ? 'cheapest size that fits, by Azure list price'
            : 'smallest size that fits (no size that fits has a list price here)'
    }`,
    `GPU price     ${priceLine(config)}`,
    ...dearerLines(config),
    `GPU fit       ${fitLine(config)}`,
    `GPU quota     ${sku.quotaFamily}: ${nodes * sku.vCpus} vCPUs in ${config.location} (${nodes} x ${sku.vCpus}${
      kaito.nodeCount === 1 || kaito.nodeCount === nodes
        ? ''
        : `; Kaito sizes the Workspace from GPU memory and does not use KAITO_NODE_COUNT=${kaito.nodeCount}`
    })`,
    ...openAiQuotaLines(config),
    ...openAiRetirementLines(config),
    `ai-service    ${config.openAi.enabled ? `Azure OpenAI ${config.openAi.modelName} ${config.openAi.modelVersion} (workload identity)` : `local LLM at ${workspaceEndpoint(kaito.workspaceName, KUBERNETES_NAMES.appNamespace)}`}`,
    ...settingLines(config),
    '',
    config.cluster.kind === 'kubeconfig' ? 'Next steps' : 'Next steps (or all in one: azd up)',
    ...nextSteps(config).map(([command, what]) => `  ${command.padEnd(35)} # ${what}`),
    '',
  ];
  return lines.join('\n');
}

/**
 * Which Kaito version the add-on is taken to run, and on whose word: the AKS docs (the default), or
 * `KAITO_VERSION`, which then overrides them.
 */
function addonKaitoLine(config: Config): string {
  const { version } = config.kaito.release;
  const given = config.rawEnvironment.KAITO_VERSION ?? '';
  return given === ''
    ? `Kaito         ${version}, assumed: the AKS add-on runs it (KAITO_INSTALL=aks-addon; AKS docs: ${AKS_ADDON_TRAIN.source}, checked ${AKS_ADDON_TRAIN.checkedOn})`
    : `Kaito         ${version}, as KAITO_VERSION=${given} states for the AKS add-on (KAITO_INSTALL=aks-addon), overriding the AKS docs' ${AKS_ADDON_TRAIN.assumedKaitoVersion}; AKS decides, so check the cluster (README: Install modes)`;
}

/** What the GPU nodes cost an hour and a month, where the price comes from, or that it is unknown. */
function priceLine({ kaito, location }: Config): string {
  const { price } = kaito;
  const sku = kaito.instanceType;
  const nodes = kaito.nodesToRequest;
  const source = `Azure Retail Prices of ${GPU_PRICES.retrieved}`;
  const nowhere = location === PRICE_FALLBACK_REGION ? location : `${location} or ${PRICE_FALLBACK_REGION}`;
  // sizes that fit but have no price were not compared: say so wherever the catalog chose
  const skipped =
    kaito.instanceTypeChosenBy === 'catalog' && kaito.sizing === 'estimator' ? kaito.catalogChoice.unpriced.map((s) => s.name) : [];
  const one = skipped.length === 1;
  const unpriced =
    skipped.length > 0
      ? `; ${skipped.join(', ')} ${one ? 'fits' : 'fit'} too but ${one ? 'has' : 'have'} no list price in ${nowhere}, so ${
          one ? 'it was' : 'they were'
        } not compared`
      : '';
  if (!price) return `unknown: the price table (${source}) has no price for ${sku.name} in ${nowhere}${unpriced}`;
  const hourly = nodes * price.hourly;
  const where = price.fallback ? `${price.region} (${location} has no price for it)` : price.region;
  const spot = price.spotHourly === undefined ? '' : `; Spot ${formatMoney(nodes * price.spotHourly)} an hour`;
  return `${formatMoney(hourly)} an hour, ${formatMoney(hourly * GPU_PRICES.hoursPerMonth, 0)} a month (${GPU_PRICES.hoursPerMonth} h): ${nodes} x ${formatMoney(price.hourly)}, pay-as-you-go Linux in ${where}, ${source}${spot}${unpriced}`;
}

/** A note when the size the user chose costs more than the catalog's default would. */
function dearerLines({ kaito }: Config): string[] {
  if (kaito.sizing !== 'estimator') return [];
  const chosen = kaito.price;
  const { fit: preferred, price: preferredPrice } = kaito.catalogChoice;
  if (kaito.instanceTypeChosenBy === 'catalog' || !chosen || !preferredPrice) return [];
  const total = (nodes: number, p: NodePrice) => nodes * p.hourly;
  const more = total(kaito.fit.nodesNeeded, chosen) - total(preferred.nodesNeeded, preferredPrice);
  // compare at the tenth of a cent the prices are listed to
  if (Math.round(more * 1000) <= 0) return [];
  return [
    `GPU cost      KAITO_INSTANCE_TYPE=${kaito.fit.sku.name} costs ${formatMoney(more)} an hour (${formatMoney(
      more * GPU_PRICES.hoursPerMonth,
      0,
    )} a month) more than the default, ${preferred.nodesNeeded} x ${preferred.sku.name} at ${formatMoney(total(preferred.nodesNeeded, preferredPrice))} an hour`,
  ];
}

/** The name vLLM serves the model under, and whether the namespace's Pod Security admits Kaito's pod. */
function servedAndPodSecurityLines({ kaito }: Config): string[] {
  const { preset } = kaito;
  const ns = KUBERNETES_NAMES.appNamespace;
  if (preset.servedModelName === undefined || preset.podSecurityLevel === undefined) {
    return [
      `Served as     not recorded for Kaito ${kaito.release.version} (no workload of it in Kaito's data): ai-service asks /v1/models and takes the model vLLM lists`,
      `Pod Security  namespace ${ns} enforces ${APP_NAMESPACE_POD_SECURITY}; what Kaito ${kaito.release.version}'s inference pod needs is not recorded, so it is not checked`,
    ];
  }
  return [
    `Served as     ${preset.servedModelName} (vLLM's --served-model-name: what /v1/models lists, ai-service's LOCAL_LLM_MODEL)`,
    `Pod Security  namespace ${ns} enforces ${APP_NAMESPACE_POD_SECURITY}; Kaito's inference pod for ${preset.name} needs ${preset.podSecurityLevel}`,
  ];
}

/** How the model sits on the GPUs: one GPU, or split, with the memory needed on each. */
function fitLine({ kaito }: Config): string {
  if (kaito.sizing === 'webhook') {
    const { provided } = kaito.admission;
    return `Kaito ${kaito.release.version} has no node estimator: its webhook admits ${kaito.nodeCount} x ${kaito.instanceType.name} (${provided?.gpus} GPU${provided?.gpus === 1 ? '' : 's'}, ${provided?.totalGiB} GiB for the ${kaito.preset.totalGpuMemoryGiB} GiB it asks), and the Workspace gets exactly KAITO_NODE_COUNT=${kaito.nodeCount} node${kaito.nodeCount === 1 ? '' : 's'}`;
  }
  const { fit, preset } = kaito;
  const nodes = `${fit.nodesNeeded} node${fit.nodesNeeded === 1 ? '' : 's'}`;
  if (fit.gpusNeeded > 1) {
    return `split across ${fit.gpusNeeded} GPUs on ${nodes} (tensor parallel): needs ${fit.requiredGiBPerGpu} GiB per GPU; ${fit.availableGiBPerGpu} GiB usable per GPU`;
  }
  const usable = preset.splitAcrossGpus
    ? `${fit.availableGiBPerGpu} GiB usable`
    : `${fit.availableGiBPerGpu} GiB on the GPU (${preset.name} is never split, so it must fit one whole GPU)`;
  return `needs ${fit.requiredGiBPerGpu} GiB on one GPU; ${usable}; 1 GPU on ${nodes}`;
}

/**
 * The choices a user made beyond the defaults that change where things come from or who may reach
 * them: the API server's allowed ranges, chart mirrors, remote state. Nothing when all are default.
 */
function settingLines(config: Config): string[] {
  const lines: string[] = [];
  if (config.apiServerAuthorizedIpRanges.length > 0) {
    lines.push(`API server    reachable only from ${config.apiServerAuthorizedIpRanges.join(', ')} (AKS_API_SERVER_AUTHORIZED_IP_RANGES)`);
  }
  const { kaitoWorkspace, gpuProvisioner, store } = config.chartRepositories;
  const mirrors = [
    ['workspace', kaitoWorkspace],
    ['gpu-provisioner', gpuProvisioner],
    ['aks-store-demo-chart', store],
  ].filter(([, url]) => url !== undefined);
  if (mirrors.length > 0) lines.push(`Charts        from mirrors: ${mirrors.map(([chart, url]) => `${chart} from ${url}`).join(', ')}`);
  if (config.remoteState) {
    const { storageAccountName, containerName, resourceGroupName } = config.remoteState;
    lines.push(`State         remote, Azure Storage ${storageAccountName}/${containerName} in ${resourceGroupName}`);
  }
  return lines;
}

/** `OpenAI quota` when Azure OpenAI is deployed with more capacity than the Tier 1 default quota. */
function openAiQuotaLines(config: Config): string[] {
  const { openAi } = config;
  const note = openAi.enabled ? openAiQuotaNote(openAi.modelName, openAi.modelVersion, openAi.sku, openAi.capacity) : undefined;
  const ptu =
    openAi.enabled && isProvisioned(openAi.sku)
      ? [
          `OpenAI PTUs   ${openAi.capacity} PTUs of ${openAi.sku}: billed by the hour whether used or not, from deploy until destroy (${PTU_FILE})`,
        ]
      : [];
  return [...(note ? [`OpenAI quota  ${config.location}: ${note}`] : []), ...ptu];
}

/**
 * `Kubernetes`: the cluster's minor version and the day AKS's community support for it ends (only
 * for a cluster infra creates; in kubeconfig mode the cluster is not kaito-aks's).
 */
function kubernetesLines(config: Config): string[] {
  if (config.cluster.kind === 'kubeconfig') return [];
  const { version, communitySupportEndsOn, ltsEndsOn } = config.kubernetes;
  const lts = ltsEndsOn ? `; LTS, Premium tier only, until ${ltsEndsOn}` : '';
  return [`Kubernetes    ${version} (AKS community support until ${communitySupportEndsOn}${lts}; AKS_KUBERNETES_VERSION)`];
}

/** `OpenAI model` when Azure OpenAI is deployed: the version's lifecycle stage and retirement date, as the schedule gives them. */
function openAiRetirementLines(config: Config): string[] {
  const { openAi } = config;
  if (!openAi.enabled) return [];
  const retirement = openAiRetirement(openAi.modelName, openAi.modelVersion);
  const when = retirement?.retiresOn ? `retires ${retirement.retiresOn}` : 'no retirement date published';
  return [
    `OpenAI model  ${openAi.modelName} ${openAi.modelVersion}: ${retirement?.lifecycle ?? 'not in the retirement schedule'}, ${when}`,
  ];
}
