/**
 * Why a Workspace does not become ready: recognizes the real cause in the messages that Kaito,
 * Karpenter, gpu-provisioner, AKS, Azure Resource Manager and Microsoft Entra ID write, and says what
 * to do about it. Pure functions over strings.
 *
 * Where the messages come from: a NodeClaim's `Launched=False` (`LaunchFailed`) condition carries the
 * Azure error gpu-provisioner got creating the node pool (quota, size not offered, missing role);
 * gpu-provisioner's own log carries Entra ID's `AADSTS...` errors when its federated credential is
 * wrong (its pod panics before it touches a NodeClaim); the inference pod's log and last state carry
 * out-of-memory and model download errors; Warning events carry scheduling and image pull errors.
 */

import { PROVISIONER_ACTIONS_SOURCE } from '../catalog/provisioner-permissions';
import { KUBERNETES_NAMES } from '../config/names';
import { QUOTA_PORTAL } from './quota';
import type { ProvisionerIdentity } from './target';

/**
 * The kinds of cause: those {@link classify} recognizes in messages, most specific first, then a crash
 * loop without a recognized message and a Workspace being deleted, which the assessment finds itself.
 */
export type CauseKind =
  | 'quota'
  | 'sku-unavailable'
  | 'identity'
  | 'authorization'
  | 'cluster-busy'
  | 'gpu-driver'
  | 'unsupported-sku'
  | 'model-access'
  | 'hf-unreachable'
  | 'unsupported-model'
  | 'kv-cache'
  | 'out-of-memory'
  | 'disk-full'
  | 'image-not-found'
  | 'image-pull'
  | 'unschedulable'
  | 'liveness-probe'
  | 'nodeclaim-timeout'
  | 'crash-loop'
  | 'deleting'
  | 'stale-status'
  /** Kaito 0.12.0's start-up benchmark left no result (`./benchmark`). */
  | 'benchmark';

/** A recognized cause, with what to do. */
export interface Cause {
  /** What kind of problem. */
  readonly kind: CauseKind;
  /** Whether waiting longer cannot help: `wait` stops with exit 1. */
  readonly fatal: boolean;
  /** One line: what went wrong. */
  readonly title: string;
  /** Where it was seen, e.g. `NodeClaim ws3f2a9c1d7: Launched=False (LaunchFailed)`. */
  readonly source: string;
  /** The telling part of the original message, on one line. */
  readonly detail: string;
  /** What to do, one step a line. */
  readonly fix: readonly string[];
}

/** What the fixes need to know about the deployment. */
export interface CauseContext {
  /** Azure region of the cluster. */
  readonly location: string;
  /** GPU VM size of the Workspace. */
  readonly instanceType: string;
  /** Regional vCPU quota family of that size. */
  readonly quotaFamily: string;
  /** vCPUs the Workspace's nodes need in total. */
  readonly vCpusNeeded: number;
  /** Resource group and cluster, for the commands. */
  readonly resourceGroup: string;
  /** AKS cluster name. */
  readonly cluster: string;
  /** The Azure identity gpu-provisioner signs in with. */
  readonly provisioner: ProvisionerIdentity;
}

/** `the identity X` or, for the add-on's, `the AKS add-on's identity X (in resource group Y)`. */
function identityOf(id: ProvisionerIdentity): string {
  return id.madeBy === 'infra-stack'
    ? `the identity ${id.name}`
    : `the AKS add-on's identity ${id.name} (in resource group ${id.resourceGroup})`;
}

interface Rule {
  readonly kind: CauseKind;
  readonly fatal: boolean;
  readonly pattern: RegExp;
  readonly title: (message: string, ctx: CauseContext) => string;
  readonly fix: (message: string, ctx: CauseContext) => string[];
}

/**
 * The rules, in priority order: the first that matches names the cause. To add a cause: add its kind
 * to {@link CauseKind}, then one Rule here, above any rule whose pattern also matches its messages;
 * {@link mostTelling} ranks kinds by this order, and `__tests__/cli/causes.test.ts` lists a message
 * per kind.
 */
const RULES: readonly Rule[] = [
  {
    kind: 'quota',
    fatal: true,
    pattern: /QuotaExceeded|InsufficientVCPUQuota|Insufficient (?:regional )?vcpu quota|exceeding approved .{0,80}quota/i,
    title: (m, ctx) => {
      const q = parseQuota(m);
      return `not enough vCPU quota for ${q.family ?? ctx.quotaFamily} in ${q.region ?? ctx.location}`;
    },
    fix: (m, ctx) => {
      const q = parseQuota(m);
      const family = q.family ?? ctx.quotaFamily;
      const region = q.region ?? ctx.location;
      const howMuch =
        q.newLimit !== undefined
          ? ` to a limit of at least ${q.newLimit} vCPUs`
          : q.shortBy !== undefined
            ? ` by at least ${q.shortBy} vCPUs`
            : '';
      return [
        `request a quota increase for ${family} in ${region}${howMuch} (the Workspace's ${ctx.instanceType} nodes need ${ctx.vCpusNeeded} vCPUs): ${QUOTA_PORTAL}`,
        'or choose a size whose family has quota (KAITO_INSTANCE_TYPE) or another region (AZURE_LOCATION); `npm run preflight` checks both',
        'once the quota is granted, run `npm run wait` again; Kaito retries the node',
      ];
    },
  },
  {
    kind: 'sku-unavailable',
    fatal: true,
    pattern:
      /SkuNotAvailable|VMSizeNotSupported|NotAvailableForSubscription|not available in (?:location|your subscription)|is not allowed in your subscription|all requested instance types were unavailable|ZonalAllocationFailed|OverconstrainedAllocationRequest|AllocationFailed/i,
    title: (_m, ctx) => `${ctx.instanceType} cannot be created in ${ctx.location} right now`,
    fix: (_m, ctx) => [
      `choose a size offered in ${ctx.location} (KAITO_INSTANCE_TYPE) or another region (AZURE_LOCATION); \`npm run preflight\` checks the offer`,
      `see what the region offers: az vm list-skus --location ${ctx.location} --size ${ctx.instanceType} --output table`,
    ],
  },
  {
    kind: 'identity',
    fatal: true,
    // patterns are only tested, never matched out: `AADSTS` and one digit is every Entra ID error code
    pattern:
      /AADSTS\d|No matching federated identity record|WorkloadIdentityCredential authentication failed|federated (?:identity|credential)/i,
    title: () => 'gpu-provisioner cannot sign in to Azure (workload identity)',
    fix: (_m, { provisioner: id, resourceGroup, cluster }) => [
      `${identityOf(id)} needs a federated credential with subject ${id.subject}, audience api://AzureADTokenExchange and the cluster's OIDC issuer`,
      `check it: az identity federated-credential list --identity-name ${id.name} --resource-group ${id.resourceGroup} --output table`,
      `compare the issuer: az aks show --resource-group ${resourceGroup} --name ${cluster} --query oidcIssuerProfile.issuerUrl --output tsv`,
      id.madeBy === 'infra-stack'
        ? 're-apply the infra stack (cdktf deploy infra, or azd provision) to recreate it; a new credential can take a minute to work'
        : `if it is missing, create it as the add-on's documentation says: az identity federated-credential create --name kaito-federated-identity --identity-name ${id.name} --resource-group ${id.resourceGroup} --issuer <that issuer> --subject ${id.subject} --audience api://AzureADTokenExchange`,
    ],
  },
  {
    kind: 'authorization',
    fatal: true,
    pattern: /AuthorizationFailed|LinkedAuthorizationFailed|does not have authorization to perform action/i,
    title: (m) => {
      const action = deniedAction(m);
      return action ? `gpu-provisioner's role lacks action ${action}` : 'gpu-provisioner is not allowed to add a node pool to the cluster';
    },
    fix: (m, { provisioner: id, resourceGroup, cluster }) => {
      const action = deniedAction(m) ?? 'the action in the message';
      const check = `check it: az role assignment list --assignee $(az identity show --name ${id.name} --resource-group ${id.resourceGroup} --query principalId --output tsv) --all --output table`;
      if (id.madeBy !== 'infra-stack') {
        return [
          `${identityOf(id)} needs the Contributor role on the resource group ${resourceGroup}; if it lacks it, grant it as the add-on's documentation says: az role assignment create --role Contributor --assignee <its principalId> --scope $(az group show --name ${resourceGroup} --query id --output tsv)`,
          check,
          'a new role assignment can take a few minutes to apply',
        ];
      }
      return [
        `${id.name}'s role on the AKS cluster ${cluster} lacks ${action}; with KAITO_PROVISIONER_ROLE=custom (the default) it holds only the node pool actions gpu-provisioner ${PROVISIONER_ACTIONS_SOURCE.versions.join(' and ')} call (README, Security)`,
        `to unblock: azd env set KAITO_PROVISIONER_ROLE contributor (or export it) and re-apply the infra stack (azd provision, or cdktf deploy infra); report ${action} and the gpu-provisioner version so the custom role gets it (catalog/provisioner-permissions.ts)`,
        `if the role assignment is missing (an apply that did not finish), re-apply the infra stack; ${check}`,
        'a new role assignment can take a few minutes to apply',
      ];
    },
  },
  {
    kind: 'cluster-busy',
    fatal: false,
    // AKS's 409 on a node pool PUT while the cluster runs another operation (aka.ms/aks-pending-operation)
    pattern: /Another operation \(?[^)]{0,80}\)? is in progress|OperationNotAllowed.{0,200}operation .{0,80}in progress/is,
    title: (m) =>
      `AKS is busy with another operation on the cluster (${busyOperation(m) ?? 'its name not given'}): it cannot add the GPU node pool until that ends`,
    fix: (m, { resourceGroup, cluster }) => [
      `nothing to do: the operation ends by itself (an upgrade takes minutes per node) and gpu-provisioner tries the node pool again; keep waiting (npm run wait -- --timeout 45m)`,
      `follow it: az aks show --resource-group ${resourceGroup} --name ${cluster} --query provisioningState --output tsv; az aks operation show-latest --resource-group ${resourceGroup} --name ${cluster}`,
      `${busyOperation(m) === 'Upgrading' ? 'this is ' : 'often it is '}the cluster's automatic upgrade (patch and node image channels); AKS starts it inside the maintenance window this project sets (README, Upgrades and maintenance)`,
    ],
  },
  {
    kind: 'gpu-driver',
    fatal: true,
    // Kaito ensureNodePlugins: the node never advertised nvidia.com/gpu (driver or device plugin broken)
    pattern: /node plugin installation timed out|advertises no nvidia\.com\/gpu/i,
    title: (m) =>
      `the GPU node${gpuNodeOf(m) ? ` ${gpuNodeOf(m)}` : ''} has no usable NVIDIA driver or device plugin: it never advertised nvidia.com/gpu, and more waiting does not change that`,
    fix: (m, { resourceGroup, cluster, provisioner }) => {
      const node = gpuNodeOf(m) ?? '<the GPU node>';
      const pool = /^aks-([a-z0-9]+)-/.exec(node)?.[1] ?? '<its node pool>';
      const ns = provisioner.madeBy === 'infra-stack' ? KUBERNETES_NAMES.kaitoNamespace : 'kube-system';
      return [
        `check the node: kubectl get node ${node} --output jsonpath='{.status.allocatable}' (no nvidia.com/gpu: the GPU is not usable)`,
        `check the device plugin on it: kubectl get pods --namespace ${ns} --selector ${DEVICE_PLUGIN.selector} --field-selector spec.nodeName=${node}, then kubectl logs on that pod (DaemonSet ${DEVICE_PLUGIN.daemonSet})`,
        `check the driver: kubectl debug node/${node} -it --image=mcr.microsoft.com/azurelinux/busybox:1.36 -- chroot /host nvidia-smi`,
        `way out: reimage the pool with az aks nodepool upgrade --resource-group ${resourceGroup} --cluster-name ${cluster} --name ${pool} --node-image-only, or delete it (az aks nodepool delete ... --name ${pool}) so Kaito asks for a new node; the GPU VM bills meanwhile`,
      ];
    },
  },
  {
    kind: 'unsupported-sku',
    fatal: true,
    pattern: /Unsupported SKU|sku .{0,80} is not supported|not supported by the (?:model|preset)/i,
    title: (_m, ctx) => `Kaito does not accept ${ctx.instanceType} for this model`,
    fix: () => ['unset KAITO_INSTANCE_TYPE to get the cheapest size that fits the model, or choose one `npm run synth` accepts'],
  },
  {
    kind: 'model-access',
    fatal: true,
    pattern:
      /gated repo|GatedRepoError|Repository Not Found|RepositoryNotFoundError|(?:401|403) Client Error|Access to model .{0,120} is restricted|Invalid user token|HF_TOKEN|Invalid credentials in Authorization header/i,
    title: () => 'the model weights could not be downloaded from Hugging Face: the preset needs a token that may read them',
    fix: () => [
      "accept the model's license on huggingface.co with the account of the token, then create a Secret with key HF_TOKEN in the Workspace namespace",
      'set KAITO_MODEL_ACCESS_SECRET to its name (azd env set KAITO_MODEL_ACCESS_SECRET <name>) and re-apply kaito-stack',
    ],
  },
  {
    kind: 'hf-unreachable',
    fatal: true,
    // urllib3/requests/huggingface_hub/transformers when the node has no route to Hugging Face
    pattern:
      /couldn't connect to 'https:\/\/(?:huggingface\.co|hf\.co)|(?:Connection to|host=')[\w.-]*(?:huggingface\.co|hf\.co)'?.{0,120}(?:timed out|Max retries|Failed to resolve|refused|unreachable)|Failed to resolve '[\w.-]*(?:huggingface\.co|hf\.co)'/i,
    title: (m) => `the node cannot reach ${hfHost(m)} to download the weights (egress blocked, or a Hugging Face outage)`,
    fix: (m) => [
      `the preset downloads its weights at start-up: allow outbound HTTPS (443) from the cluster to ${HF_EGRESS_HOSTS.join(', ')} (an Azure Firewall application rule or NSG in front of the nodes; the live list: https://huggingface.co/.well-known/meta.json)`,
      `check from the cluster: kubectl run hf-check --rm -it --restart=Never --image=curlimages/curl -- curl -sSI https://${hfHost(m)}`,
      'if it is an outage (status.huggingface.co), the pod restarts and gets the weights once it ends',
      'or choose a preset whose weights are in the image (KAITO_MODEL; `npx kaito-aks models` marks them, at 0.10.0)',
    ],
  },
  {
    kind: 'unsupported-model',
    fatal: true,
    pattern:
      /Model architectures? \[?.{0,120}\]? (?:are|is) not supported|Model architectures .{0,120} failed to be inspected|does not recognize this architecture|model type .{0,60} but Transformers does not recognize/i,
    title: () => "the inference image's vLLM or transformers cannot run this model's architecture",
    fix: () => [
      'the preset needs a newer Kaito release: choose a KAITO_VERSION whose presets list the model, or another model (KAITO_MODEL); `npm run synth` lists them',
    ],
  },
  {
    kind: 'kv-cache',
    fatal: true,
    pattern:
      /KV cache is needed, which is larger than the available KV cache memory|larger than the maximum number of tokens that can be stored in KV cache|No available memory for the cache blocks/i,
    title: (m, ctx) => {
      const k = parseKvCache(m);
      return `${ctx.instanceType} leaves too little GPU memory for the KV cache of one ${k.maxModelLen ? `${k.maxModelLen}-token ` : ''}request`;
    },
    fix: (m, ctx) => {
      const k = parseKvCache(m);
      const numbers = [
        k.neededGiB !== undefined && k.availableGiB !== undefined
          ? `it needs ${k.neededGiB} GiB of KV cache and has ${k.availableGiB} GiB`
          : undefined,
        k.fitsTokens !== undefined ? `it could hold ${k.fitsTokens} tokens` : undefined,
      ].filter((t): t is string => !!t);
      return [
        `the model loaded, but vLLM cannot reserve the context it is configured for${numbers.length > 0 ? ` (${numbers.join('; ')})` : ''}`,
        `choose a size with more GPU memory than ${ctx.instanceType} (KAITO_INSTANCE_TYPE; \`npm run synth\` shows the GPU fit), then re-apply kaito-stack`,
      ];
    },
  },
  {
    kind: 'out-of-memory',
    fatal: true,
    pattern: /CUDA out of memory|OutOfMemoryError|OOMKilled|CUDA error: out of memory/i,
    title: () => 'the model server runs out of memory',
    fix: (_m, ctx) => [
      `${ctx.instanceType} has too little GPU or host memory for this model at this context length`,
      'choose a larger size (KAITO_INSTANCE_TYPE) or a smaller model (KAITO_MODEL), then re-apply kaito-stack',
    ],
  },
  {
    kind: 'disk-full',
    fatal: true,
    pattern: /No space left on device|\[Errno 28\]|low on resource: ephemeral-storage|DiskPressure|not enough free disk space/i,
    title: (_m, ctx) => `the GPU node's disk is full: ${ctx.instanceType}'s local disk cannot hold the model image and weights`,
    fix: (_m, ctx) => [
      `choose a size with a larger local (temporary) disk than ${ctx.instanceType} (KAITO_INSTANCE_TYPE), then re-apply kaito-stack`,
      'see what filled it: kubectl describe node <the GPU node> (Conditions, Events)',
    ],
  },
  {
    kind: 'image-not-found',
    fatal: true,
    pattern: /manifest unknown|(?:pull access denied|repository does not exist|unauthorized: authentication required|not found: manifest)/i,
    title: () => 'an image of the Workspace does not exist or may not be pulled',
    fix: () => [
      'the preset image for this model and Kaito release is missing from the registry: check that KAITO_VERSION serves KAITO_MODEL (`npm run synth`)',
      'the exact image is in the message above; kubectl describe pod shows the pull errors',
    ],
  },
  {
    kind: 'image-pull',
    fatal: false,
    pattern: /ImagePullBackOff|ErrImagePull|Failed to pull image/i,
    title: () => 'an image cannot be pulled yet',
    fix: () => ['large model images take minutes to pull; if it persists, check the image name and the node egress'],
  },
  {
    kind: 'unschedulable',
    fatal: false,
    pattern: /Unschedulable|didn't match Pod's node affinity|Insufficient nvidia\.com\/gpu|nodes are available/i,
    title: () => 'the inference pod has no GPU node to run on yet',
    fix: () => ['normal while the GPU node registers and its NVIDIA device plugin starts; if it persists, check the NodeClaim'],
  },
  {
    kind: 'liveness-probe',
    fatal: false,
    pattern: /Liveness probe failed/i,
    title: () => "the inference pod's liveness probe fails: the server does not answer /health yet (a model still loading answers none)",
    fix: () => [
      'normal for a few minutes while the weights load; if the container is then killed and restarts, `npm run wait` says whether the load outlasts the probe',
    ],
  },
  {
    kind: 'nodeclaim-timeout',
    fatal: false,
    pattern: /check (?:nodeClaim|machine) status timed out|nodeClaim .{0,40} is not ready/i,
    title: () => "the GPU node did not come up within Kaito's 4-minute check",
    fix: () => [
      'Kaito keeps retrying; the NodeClaim and gpu-provisioner usually say why',
      'kubectl logs --namespace gpu-provisioner deployment/gpu-provisioner --tail 50',
    ],
  },
];

/** The operation AKS names in a 409 OperationNotAllowed, e.g. `Upgrading`. */
export function busyOperation(message: string): string | undefined {
  return /Another operation \(([^)]{1,80})\) is in progress/i.exec(message)?.[1];
}

/** The GPU node Kaito's "node plugin installation timed out. node X is not ready" names. */
function gpuNodeOf(message: string): string | undefined {
  return /node plugin installation timed out\. node (\S+)/i.exec(message)?.[1] ?? /GPU node (\S+) advertises/i.exec(message)?.[1];
}

/**
 * Kaito's NVIDIA device plugin DaemonSet: its name and pod label, from the workspace chart's
 * `templates/nvidia-device-plugin-ds.yaml` and values (0.10.0 and 0.12.0, read 2026-12-07); the Helm
 * install runs it in Kaito's namespace, the AKS add-on in kube-system.
 */
export const DEVICE_PLUGIN = { daemonSet: 'nvidia-device-plugin-daemonset', selector: 'name=nvidia-device-plugin-ds' } as const;

/**
 * The hosts a Hugging Face download reaches: the Hub, its LFS and Xet transfer hosts and its CDN, as
 * Hugging Face publishes them for firewalls in https://huggingface.co/.well-known/meta.json
 * (`hubDomains`, `lfsDomains`, `cdnDomains`; read 2026-12-07; that file is the live list).
 */
export const HF_EGRESS_HOSTS = [
  'huggingface.co',
  'hf.co',
  'cdn-lfs.hf.co',
  'cdn-lfs-us-1.hf.co',
  'cdn-lfs-eu-1.hf.co',
  'transfer.xethub.hf.co',
  '*.cdn.hf.co',
] as const;

/** The Hugging Face host a connection error names, else huggingface.co. */
function hfHost(message: string): string {
  return /([\w.-]*(?:huggingface\.co|hf\.co))/i.exec(message)?.[1].replace(/^https?:\/\//, '') ?? 'huggingface.co';
}

/** The action an Azure AuthorizationFailed (or LinkedAuthorizationFailed) message says was denied. */
export function deniedAction(message: string): string | undefined {
  return /does not have (?:authorization|permission) to perform action '([^']+)'/i.exec(message)?.[1];
}

/**
 * Every kind, most specific first: a Workspace being deleted, the rules in order, a crash loop not
 * otherwise explained, then conditions older than the Workspace's latest change.
 */
const ORDER: readonly CauseKind[] = ['deleting', ...RULES.map((r) => r.kind), 'crash-loop', 'stale-status'];

/** The rank of a kind: lower is more specific. */
function causeRank(kind: CauseKind): number {
  return ORDER.indexOf(kind);
}

/**
 * Recognizes the cause in `message`, seen at `source`.
 * @returns undefined when no rule matches.
 */
export function classify(message: string, source: string, ctx: CauseContext): Cause | undefined {
  const rule = RULES.find((r) => r.pattern.test(message));
  if (!rule) return undefined;
  return {
    kind: rule.kind,
    fatal: rule.fatal,
    title: rule.title(message, ctx),
    source,
    detail: tellingPart(message, rule.pattern),
    fix: rule.fix(message, ctx),
  };
}

/** Picks the cause to report: fatal first, then the most specific kind, then the first seen. */
export function mostTelling(causes: readonly Cause[]): Cause | undefined {
  return [...causes].sort((a, b) => Number(b.fatal) - Number(a.fatal) || causeRank(a.kind) - causeRank(b.kind))[0];
}

/** The numbers of vLLM's KV cache error, where present. */
export interface KvCacheNumbers {
  /** The max model length vLLM was started with, tokens. */
  readonly maxModelLen?: number;
  /** KV cache one request of that length needs, GiB (V1 engine). */
  readonly neededGiB?: number;
  /** KV cache memory left after the weights, GiB (V1 engine). */
  readonly availableGiB?: number;
  /** The longest request that memory holds, tokens. */
  readonly fitsTokens?: number;
}

/**
 * Reads vLLM's KV cache error in both engines' wording (vLLM `v1/core/kv_cache_utils.py`
 * `check_enough_kv_cache_memory`, 0.8 to 0.10; V0 `worker/worker.py` `raise_if_cache_size_invalid`):
 * V1 `... max seq len (8192), (1.00 GiB KV cache is needed, which is larger than the available KV cache
 * memory (0.62 GiB). Based on the available memory, the estimated maximum model length is 5072.`;
 * V0 `The model's max seq len (8192) is larger than the maximum number of tokens that can be stored in
 * KV cache (5072).`
 */
export function parseKvCache(message: string): KvCacheNumbers {
  const num = (re: RegExp) => {
    const m = re.exec(message);
    return m ? Number(m[1]) : undefined;
  };
  return {
    maxModelLen: num(/max seq len \((\d+)\)/i),
    neededGiB: num(/\(?([\d.]+) GiB KV cache is needed/i),
    availableGiB: num(/available KV cache memory \(([\d.]+) GiB\)/i),
    fitsTokens: num(/estimated maximum model length is (\d+)/i) ?? num(/stored in KV cache \((\d+)\)/i),
  };
}

/** Quota numbers from an Azure error message, where present. */
export interface QuotaNumbers {
  /** Quota family, e.g. `standardNVADSA10v5Family`. */
  readonly family?: string;
  /** Region. */
  readonly region?: string;
  /** The limit that is too low. */
  readonly limit?: number;
  /** vCPUs in use. */
  readonly usage?: number;
  /** vCPUs the failed request needed. */
  readonly required?: number;
  /** The lowest limit that would have let the request through. */
  readonly newLimit?: number;
  /** How many vCPUs were missing. */
  readonly shortBy?: number;
}

/**
 * Reads the quota numbers of the two error forms: Compute's `exceeding approved <family> Cores quota.
 * ... Location: <r>, Current Limit: n, Current Usage: n, Additional Required: n, (Minimum) New Limit
 * Required: n`, and AKS's `Insufficient vcpu quota requested n, remaining n for family <f> for region <r>` and
 * `Insufficient regional vcpu quota left for location <r>. left regional vcpu quota n, requested quota n`.
 */
export function parseQuota(message: string): QuotaNumbers {
  const num = (re: RegExp) => {
    const m = re.exec(message);
    return m ? Number(m[1]) : undefined;
  };
  const family = /exceeding approved (\S+) Cores quota/i.exec(message)?.[1] ?? /for family (\w+)/i.exec(message)?.[1];
  const region = /Location: (\w+)/i.exec(message)?.[1] ?? /for (?:region|location) (\w+)/i.exec(message)?.[1];
  const limit = num(/Current Limit: (\d+)/i);
  const usage = num(/Current Usage: (\d+)/i);
  const required = num(/Additional Required: (\d+)/i) ?? num(/(?:quota requested|requested quota) (\d+)/i);
  const remaining = num(/(?:remaining|left regional vcpu quota) (\d+)/i);
  const newLimit = num(/New Limit Required: (\d+)/i);
  const shortBy =
    limit !== undefined && usage !== undefined && required !== undefined
      ? usage + required - limit
      : required !== undefined && remaining !== undefined
        ? required - remaining
        : undefined;
  return { family, region, limit, usage, required, newLimit, shortBy };
}

/** The gist of any message: the first embedded Azure or Entra error message, else its first line. */
export function gist(message: string): string {
  return tellingPart(message, /\S/);
}

/**
 * The telling part of a long message: the `"message"` of an embedded Azure or Entra error when there
 * is one, else the line that matched; whitespace collapsed, at most 400 characters.
 */
export function tellingPart(message: string, pattern: RegExp): string {
  const embedded = [...message.matchAll(/"(?:message|error_description)"\s*:\s*"((?:[^"\\]|\\.)*)"/g)]
    .map((m) => m[1].replace(/\\"/g, '"').replace(/\\[nrt]/g, ' '))
    .find((m) => pattern.test(m));
  const line = embedded ?? message.split('\n').find((l) => pattern.test(l)) ?? message;
  const text = line.replace(/\s+/g, ' ').trim();
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}
