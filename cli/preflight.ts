/**
 * `kaito-aks preflight`: before provisioning, checks that the GPU size is offered in the region, that
 * the subscription's regional vCPU quota holds the Workspace's nodes, that the region offers the
 * cluster's Kubernetes version for a new cluster (`az aks get-versions`), and, where the resource group
 * already exists, that the deployer may write the role assignments and role definitions the infra
 * stack makes; says what to request when not. Without an Azure login (or offline) it explains the
 * requirement and exits 0, so it never blocks a synth or a first look.
 */
import type { Config } from '../config';
import { SYSTEM_POOL } from '../config/system-pool';
import type { AzureAccess } from './azure';
import { EXIT, ExitCode } from './exit-codes';
import { checkKubernetesOffer } from './kubernetes-offer';
import { grants, NeededAction, neededRoleActions, PermissionRecord } from './permissions';
import type { Screen } from './progress';
import {
  checkOpenAiQuota,
  openAiUsageName,
  preflightVerdict,
  QUOTA_PORTAL,
  QuotaCheck,
  REGIONAL_TOTAL,
  SkuRecord,
  UsageRecord,
} from './quota';
import { gpuNeed } from './target';

/** Runs `preflight`; `connect` gives Azure access for a subscription (the tests pass a fake). */
export async function runPreflight(
  config: Config,
  connect: (subscriptionId: string) => Promise<AzureAccess>,
  screen: Screen,
): Promise<ExitCode> {
  const need = gpuNeed(config);
  const { kaito, location } = config;
  const out = (line = '') => screen.write(`${line}\n`);
  const requirement = `${need.vCpus} vCPUs of ${need.sku.quotaFamily} quota in ${location} (${need.nodes} x ${need.sku.name}, ${need.sku.vCpus} vCPUs each), and ${need.sku.name} offered there`;
  out(`kaito-aks preflight: ${kaito.preset.name} on ${need.nodes} x ${need.sku.name} in ${location} (Kaito ${kaito.release.version})`);

  const skip = (why: string, fix: string) => {
    out(`  skipped: ${why}`);
    out(`  ${fix}`);
    out(`  this deployment needs ${requirement}`);
    out(
      `  and, to provision, ${neededRoleActions(config)
        .map((n) => n.action)
        .join(' and ')} on resource group ${config.names.resourceGroup}, or on the subscription while that group does not exist yet`,
    );
    return EXIT.OK;
  };
  if (!config.subscriptionId) {
    return skip(
      'AZURE_SUBSCRIPTION_ID is not set',
      'azd sets it for its hooks; elsewhere: export AZURE_SUBSCRIPTION_ID=$(az account show --query id --output tsv)',
    );
  }
  const azure = await connect(config.subscriptionId);
  const signIn = await azure.signIn();
  if (!signIn.ok)
    return skip(`no usable Azure login: ${signIn.reason}`, 'sign in with `az login` or `azd auth login`, then run `npm run preflight`');

  // asked first: a resource group that does not exist yet means a first provision, which makes the system pool too
  const permissions: PermissionsAnswer = await azure.permissions(config.names.resourceGroup).then(
    (list) => ({ ok: true, list }),
    (error: unknown) => ({ ok: false, error }),
  );
  const firstProvision = permissions.ok && permissions.list === undefined;
  const openAiUsages: Promise<UsageRecord[] | { error: unknown }> | undefined = config.openAi.enabled
    ? azure.openAiUsages(location).catch((error: unknown) => ({ error }))
    : undefined;
  let answers: [UsageRecord[], SkuRecord[]];
  try {
    answers = await Promise.all([azure.usages(location), azure.skus(location)]);
  } catch (err) {
    const e = err as { statusCode?: number; message?: string };
    return skip(
      `Azure Resource Manager did not answer the quota questions (${e.statusCode ? `${e.statusCode} ` : ''}${firstLine(e.message ?? String(err))})`,
      `check by hand: az vm list-usage --location ${location} --output table`,
    );
  }
  const verdict = preflightVerdict(
    { size: need.sku.name, family: need.sku.quotaFamily, vCpus: need.vCpus },
    location,
    ...answers,
    firstProvision ? { size: SYSTEM_POOL.vmSize, nodes: SYSTEM_POOL.nodeCount } : undefined,
  );
  out(
    `  needs ${need.vCpus} vCPUs (${need.nodes} node${need.nodes === 1 ? '' : 's'} x ${need.sku.vCpus}) of the family quota and of the regional total`,
  );
  const { offer, system } = verdict;
  if (system) {
    out(
      `  and, as resource group ${config.names.resourceGroup} does not exist yet (a first provision), the cluster's system pool: ${system.nodes} x ${system.size} = ${system.vCpus} vCPUs of ${system.offer.family ?? 'its family'} quota and of the regional total (${need.vCpus + system.vCpus} in all)`,
    );
  }
  out();
  if (offer.offered) {
    const zones =
      offer.zones.length > 0
        ? ` (zones ${offer.zones.join(', ')}${offer.restrictedZones.length > 0 ? `; restricted for you: ${offer.restrictedZones.join(', ')}` : ''})`
        : '';
    out(`  ✔ ${need.sku.name} is offered in ${location}${zones}`);
  } else {
    out(`  ✖ ${offer.reason}`);
  }
  if (system) {
    out(
      system.offer.offered
        ? `  ✔ ${system.size} (system pool) is offered in ${location}${system.offer.zones.length > 0 ? ` (zones ${system.offer.zones.join(', ')})` : ''}`
        : `  ✖ ${system.offer.reason} (the system pool's size)`,
    );
  }
  for (const q of verdict.quotas) out(`  ${q.enough ? '✔' : '✖'} ${describeQuota(q)}`);
  // the GPU family (always the first line) and the regional total: what a surge GPU node counts on
  const surge = surgeRoom([verdict.quotas[0], ...verdict.quotas.filter((q) => q.name === REGIONAL_TOTAL)], need.sku.vCpus);
  if (verdict.ok && surge.length > 0) {
    out(
      `  ! no room for an upgrade surge: AKS upgrades a GPU node pool (gpu-provisioner makes one per node, with AKS's default surge of one node) by adding one more ${need.sku.name} first, ${need.sku.vCpus} vCPUs; ${surge.map((q) => `${q.name} would have ${Math.max(0, q.limit - q.used - q.needed)} free`).join(', ')}`,
    );
    out(
      `    so the weekly node image upgrade of the GPU pool fails (the pool ends in a failed upgrade) until you raise ${surge.map((q) => `${q.name} to ${q.limitToRequest + need.sku.vCpus}`).join(' and ')}, or set that pool to upgrade without a surge node once it exists (README, Upgrades and maintenance)`,
    );
  }
  out(
    system
      ? '  (usage counts what already runs in the region)'
      : '  (usage counts what already runs, including the system pool and GPU nodes of an earlier deployment of this environment)',
  );
  const kubernetes = await checkKubernetes(config, azure, out);
  const openAi = openAiUsages ? checkOpenAi(config, await openAiUsages, firstProvision, out) : { ok: true };
  const roles = checkRoleActions(config, permissions, out);
  out();
  if (verdict.ok && roles.ok && openAi.ok && kubernetes.ok) {
    out('✔ preflight passed');
    return EXIT.OK;
  }
  if (!openAi.ok && openAi.fix) {
    out('✖ preflight failed: the Azure OpenAI deployment would fail with InsufficientQuota');
    for (const f of openAi.fix) out(`  ${f}`);
  }
  if (verdict.ok && roles.ok && kubernetes.ok) return EXIT.FAILURE;
  if (!verdict.ok) {
    const systemShort =
      system !== undefined &&
      (!system.offer.offered ||
        verdict.quotas.some(
          (q) => !q.enough && (q.name === REGIONAL_TOTAL || q.name.toLowerCase() === system.offer.family?.toLowerCase()),
        ));
    out(
      systemShort
        ? `✖ preflight failed: the first provision would fail on the cluster's system pool (${system.nodes} x ${system.size}) or leave the Workspace without its GPU node`
        : '✖ preflight failed: the Workspace would never get its GPU node',
    );
  }
  if (system && !system.offer.offered) {
    out(`  the system pool's size ${system.size} is fixed in this project: choose another region (AZURE_LOCATION)`);
  }
  if (!offer.offered) {
    out(`  choose another size (KAITO_INSTANCE_TYPE) or region (AZURE_LOCATION); see what ${location} offers:`);
    out(
      `    az vm list-skus --location ${location} --resource-type virtualMachines --query "[?starts_with(name, 'Standard_N')].name" --output tsv`,
    );
  }
  for (const q of verdict.quotas.filter((x) => !x.enough)) {
    out(`  request a quota increase: ${q.label} (${q.name}) in ${location} to a limit of at least ${q.limitToRequest} vCPUs`);
  }
  if (verdict.quotas.some((q) => !q.enough)) out(`    at ${QUOTA_PORTAL}, then run npm run preflight again`);
  if (!kubernetes.ok) {
    out(`✖ preflight failed: AKS would not create the cluster on Kubernetes ${config.kubernetes.version} in ${location}`);
    out(`  set AKS_KUBERNETES_VERSION to a version it offers (azd env set AKS_KUBERNETES_VERSION <minor>), or choose another region`);
  }
  if (!roles.ok) {
    out(`✖ preflight failed: you may not make the infra stack's roles in ${config.names.resourceGroup}`);
    out(
      `  ask for Owner, or User Access Administrator, on the resource group ${config.names.resourceGroup} (Contributor lacks both actions)`,
    );
    if (roles.missing.some((m) => m.action.endsWith('/roleDefinitions/write'))) {
      out(
        '  or, where a policy forbids custom roles, give gpu-provisioner Contributor instead: azd env set KAITO_PROVISIONER_ROLE contributor',
      );
    }
  }
  return EXIT.FAILURE;
}

/**
 * Checks that the region offers the cluster's Kubernetes minor for a new cluster. Only for a cluster
 * infra creates (kubeconfig mode uses an existing one); an answer that did not come is a notice.
 */
async function checkKubernetes(config: Config, azure: AzureAccess, out: (line?: string) => void): Promise<{ ok: boolean }> {
  if (config.cluster.kind === 'kubeconfig') return { ok: true };
  const { version } = config.kubernetes;
  try {
    const offer = checkKubernetesOffer(await azure.kubernetesVersions(config.location), version, config.location);
    out(`  ${offer.offered ? '✔' : '✖'} ${offer.line}`);
    if (offer.notice) out(`  ! ${offer.notice}`);
    return { ok: offer.offered };
  } catch (err) {
    const e = err as { statusCode?: number; message?: string };
    out(
      `  skipped the Kubernetes version check: Azure did not list the versions of ${config.location} (${e.statusCode ? `${e.statusCode} ` : ''}${firstLine(e.message ?? String(err))})`,
    );
    out(`  check by hand: az aks get-versions --location ${config.location} --output table (Kubernetes ${version} is needed)`);
    return { ok: true };
  }
}

/**
 * Checks the Azure OpenAI deployment's tokens-per-minute quota against what the subscription has left
 * for the model and SKU in the region. Short on a first provision is a failure; later it is a warning,
 * since the usage then counts this environment's own deployment too.
 */
function checkOpenAi(
  config: Config,
  answer: UsageRecord[] | { error: unknown },
  firstProvision: boolean,
  out: (line?: string) => void,
): { ok: boolean; fix?: string[] } {
  const { modelName, sku, capacity } = config.openAi;
  const { location } = config;
  const name = openAiUsageName(sku, modelName);
  const byHand = `az cognitiveservices usage list --location ${location} --query "[?name.value=='${name}']" --output table`;
  if (!Array.isArray(answer)) {
    const e = answer.error as { statusCode?: number; message?: string };
    out(
      `  skipped the Azure OpenAI quota check: Azure did not list the Cognitive Services usages (${e.statusCode ? `${e.statusCode} ` : ''}${firstLine(e.message ?? String(answer.error))}); check by hand: ${byHand}`,
    );
    return { ok: true };
  }
  const q = checkOpenAiQuota(answer, sku, modelName, capacity);
  if (!q) {
    out(`  ! no Azure OpenAI usage line ${name} in ${location}: ${location} may not offer ${modelName} as ${sku}; check: ${byHand}`);
    return { ok: true };
  }
  const free = Math.max(0, q.limit - q.used);
  const line = `Azure OpenAI ${modelName} ${sku} in ${location} (${name}): ${free} of ${q.limit} thousand tokens per minute free, ${capacity} needed (AZURE_OPENAI_CAPACITY)`;
  if (q.enough) {
    out(`  ✔ ${line}`);
    return { ok: true };
  }
  const fix = [
    ...(free > 0 ? [`lower AZURE_OPENAI_CAPACITY to at most ${free} (azd env set AZURE_OPENAI_CAPACITY ${free}), or`] : []),
    `request more ${modelName} ${sku} quota in ${location}, to a limit of at least ${q.limitToRequest} (Azure AI Foundry portal, Quota), or free it from other deployments of the model in the region`,
  ];
  if (!firstProvision) {
    out(`  ! ${line}; the usage includes this environment's own deployment if it exists, so a re-provision needs no more`);
    return { ok: true };
  }
  out(`  ✖ ${line}`);
  return { ok: false, fix };
}

/** Azure's answer to "which permissions do you have in the resource group": the list (undefined: no such group yet), or the error. */
type PermissionsAnswer = { ok: true; list: PermissionRecord[] | undefined } | { ok: false; error: unknown };

/**
 * Checks the role actions the infra stack needs against the caller's permissions in the resource
 * group. Before the first provision the group does not exist and Azure has nothing to list: that is
 * a notice, not a failure; so is an answer that did not come.
 */
function checkRoleActions(
  config: Config,
  answer: PermissionsAnswer,
  out: (line?: string) => void,
): { ok: boolean; missing: NeededAction[] } {
  const needed = neededRoleActions(config);
  const group = config.names.resourceGroup;
  const list = needed.map((n) => n.action).join(', ');
  if (!answer.ok) {
    const e = answer.error as { statusCode?: number; message?: string };
    out(
      `  skipped the role check: Azure did not list your permissions in ${group} (${e.statusCode ? `${e.statusCode} ` : ''}${firstLine(e.message ?? String(answer.error))})`,
    );
    out(`  provisioning needs ${list} there`);
    return { ok: true, missing: [] };
  }
  const permissions = answer.list;
  if (permissions === undefined) {
    out(`  skipped the role check: resource group ${group} does not exist yet, so Azure has no permissions of yours in it to list`);
    out(`  the first provision creates it and needs ${list} on the subscription (Owner, or Contributor + User Access Administrator)`);
    return { ok: true, missing: [] };
  }
  const missing = needed.filter((n) => !grants(permissions, n.action));
  for (const n of needed) out(`  ${missing.includes(n) ? '✖ you may not' : '✔ you may'} ${n.action} in ${group}: ${n.why}`);
  return { ok: missing.length === 0, missing };
}

/**
 * The quota lines that hold the deployment but not one more GPU node: the surge node AKS adds to
 * upgrade a GPU node pool of one (AKS's default max surge rounds up to one node; gpu-provisioner sets
 * no upgrade settings on the pools it makes).
 */
function surgeRoom(quotas: readonly QuotaCheck[], gpuNodeVCpus: number): QuotaCheck[] {
  return quotas.filter((q) => q.enough && q.limit - q.used - q.needed < gpuNodeVCpus);
}

function describeQuota(q: QuotaCheck): string {
  const free = Math.max(0, q.limit - q.used);
  return `${q.label} (${q.name}): ${free} of ${q.limit} vCPUs free, ${q.needed} needed${q.unlisted ? ' (not in the usage list: no quota granted)' : ''}`;
}

function firstLine(text: string): string {
  return (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
}
