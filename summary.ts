/** The human summary `npm run synth` prints after synthesis. */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describeSku } from './config';
import { KUBERNETES_NAMES, workspaceEndpoint } from './config/names';
import type { Config } from './config';
import { isProvisioned, PTU_FILE } from './config/ptu';
import { openAiQuotaNote } from './config/openai';

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
    kaito.install === 'aks-addon'
      ? `Kaito         ${kaito.release.version}, assumed: the AKS add-on runs it (KAITO_INSTALL=aks-addon)`
      : `Kaito         ${kaito.release.version} (workspace chart ${kaito.release.workspaceChart.version}, gpu-provisioner chart ${kaito.release.gpuProvisionerChart.version})`,
    `Model         ${kaito.preset.name} (${kaito.preset.huggingFaceId}, ${kaito.preset.modelSizeGiB} GiB of weights)${
      kaito.modelGivenAs ? `; KAITO_MODEL=${kaito.modelGivenAs} resolves to it, and the Workspace names ${kaito.preset.name}` : ''
    }`,
    `GPU size      ${sku.name} (${describeSku(sku)}), ${kaito.instanceTypeChosenBy === 'catalog' ? 'cheapest size that fits' : 'chosen by KAITO_INSTANCE_TYPE'}`,
    `GPU fit       ${fitLine(config)}`,
    `GPU quota     ${sku.quotaFamily}: ${nodes * sku.vCpus} vCPUs in ${config.location} (${nodes} x ${sku.vCpus}${
      kaito.nodeCount === 1 || kaito.nodeCount === nodes
        ? ''
        : `; Kaito sizes the Workspace from GPU memory and does not use KAITO_NODE_COUNT=${kaito.nodeCount}`
    })`,
    ...openAiQuotaLines(config),
    `ai-service    ${config.openAi.enabled ? `Azure OpenAI ${config.openAi.modelName} ${config.openAi.modelVersion} (workload identity)` : `local LLM at ${workspaceEndpoint(kaito.workspaceName, KUBERNETES_NAMES.appNamespace)}`}`,
    ...settingLines(config),
    '',
    config.cluster.kind === 'kubeconfig' ? 'Next steps' : 'Next steps (or all in one: azd up)',
    ...nextSteps(config).map(([command, what]) => `  ${command.padEnd(35)} # ${what}`),
    '',
  ];
  return lines.join('\n');
}

/** How the model sits on the GPUs: one GPU, or split, with the memory needed on each. */
function fitLine({ kaito }: Config): string {
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
