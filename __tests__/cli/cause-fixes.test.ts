/**
 * What `wait` tells the user for each kind of cause: the whole title, detail and every fix step, word
 * for word, for a real message of each kind, with the provisioner identity of both installs (the infra
 * stack's for Helm-installed Kaito, the AKS add-on's). A fix that loses a step or a word fails here.
 */
import { Cause, classify } from '../../cli/causes';
import { QUOTA_PORTAL } from '../../cli/quota';
import { causeContext } from '../../cli/wait';
import { testTarget } from './helpers';

/** Helm-installed Kaito: the infra stack makes gpu-provisioner's identity. */
const helm = causeContext(testTarget());
/** The AKS add-on: AKS makes the identity, in the node resource group. */
const addon = causeContext(testTarget({ KAITO_INSTALL: 'aks-addon' }));

const SOURCE = 'NodeClaim ws3f2a9c1d7: Launched=False (LaunchFailed)';

/** What the add-on's and the infra stack's identity must have to sign in. */
const FEDERATED = {
  helm: "the identity id-kaito-kaito-provisioner needs a federated credential with subject system:serviceaccount:gpu-provisioner:gpu-provisioner, audience api://AzureADTokenExchange and the cluster's OIDC issuer",
  addon:
    "the AKS add-on's identity ai-toolchain-operator-aks-kaito (in resource group rg-kaito-aks-nodes) needs a federated credential with subject system:serviceaccount:kube-system:kaito-gpu-provisioner, audience api://AzureADTokenExchange and the cluster's OIDC issuer",
};
const COMPARE_ISSUER =
  'compare the issuer: az aks show --resource-group rg-kaito --name aks-kaito --query oidcIssuerProfile.issuerUrl --output tsv';
const ROLE_CHECK = {
  helm: 'check it: az role assignment list --assignee $(az identity show --name id-kaito-kaito-provisioner --resource-group rg-kaito --query principalId --output tsv) --all --output table',
  addon:
    'check it: az role assignment list --assignee $(az identity show --name ai-toolchain-operator-aks-kaito --resource-group rg-kaito-aks-nodes --query principalId --output tsv) --all --output table',
};
const ROLE_DELAY = 'a new role assignment can take a few minutes to apply';

const AGENT_POOL_WRITE = 'Microsoft.ContainerService/managedClusters/agentPools/write';
/** ARM's answer when gpu-provisioner's role lacks the node pool write action: compact JSON, as the Azure SDK prints it. */
const DENIED =
  'agentPool.BeginCreateOrUpdate for "ws3f2a9c1d7" failed: PUT https://management.azure.com/subscriptions/0000/resourceGroups/rg-kaito/providers/Microsoft.ContainerService/managedClusters/aks-kaito/agentPools/ws3f2a9c1d7\n' +
  'RESPONSE 403: 403 Forbidden\nERROR CODE: AuthorizationFailed\n' +
  `{"error":{"code":"AuthorizationFailed","message":"The client '1111' with object id '1111' does not have authorization to perform action '${AGENT_POOL_WRITE}' over scope '/subscriptions/0000' or the scope is invalid."}}`;
const DENIED_DETAIL = `The client '1111' with object id '1111' does not have authorization to perform action '${AGENT_POOL_WRITE}' over scope '/subscriptions/0000' or the scope is invalid.`;

describe('the cause wait reports, whole, for a message of each kind', () => {
  const cases: [string, string, Omit<Cause, 'source'>][] = [
    [
      'quota, AKS family form: short by requested minus remaining, in the region of the message',
      'Insufficient vcpu quota requested 36, remaining 12 for family standardNVADSA10v5Family for region westus3.',
      {
        kind: 'quota',
        fatal: true,
        title: 'not enough vCPU quota for standardNVADSA10v5Family in westus3',
        detail: 'Insufficient vcpu quota requested 36, remaining 12 for family standardNVADSA10v5Family for region westus3.',
        fix: [
          `request a quota increase for standardNVADSA10v5Family in westus3 by at least 24 vCPUs (the Workspace's Standard_NV36ads_A10_v5 nodes need 36 vCPUs): ${QUOTA_PORTAL}`,
          'or choose a size whose family has quota (KAITO_INSTANCE_TYPE) or another region (AZURE_LOCATION); `npm run preflight` checks both',
          'once the quota is granted, run `npm run wait` again; Kaito retries the node',
        ],
      },
    ],
    [
      'quota, Compute form: the lowest new limit Azure names',
      'Operation could not be completed as it results in exceeding approved StandardNCADSA100v4Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: westus3, Current Limit: 0, Current Usage: 0, Additional Required: 24, (Minimum) New Limit Required: 24.',
      {
        kind: 'quota',
        fatal: true,
        title: 'not enough vCPU quota for StandardNCADSA100v4Family in westus3',
        detail:
          'Operation could not be completed as it results in exceeding approved StandardNCADSA100v4Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: westus3, Current Limit: 0, Current Usage: 0, Additional Required: 24, (Minimum) New Limit Required: 24.',
        fix: [
          `request a quota increase for StandardNCADSA100v4Family in westus3 to a limit of at least 24 vCPUs (the Workspace's Standard_NV36ads_A10_v5 nodes need 36 vCPUs): ${QUOTA_PORTAL}`,
          'or choose a size whose family has quota (KAITO_INSTANCE_TYPE) or another region (AZURE_LOCATION); `npm run preflight` checks both',
          'once the quota is granted, run `npm run wait` again; Kaito retries the node',
        ],
      },
    ],
    [
      'quota without numbers: the configured family and region, no amount',
      'QuotaExceeded',
      {
        kind: 'quota',
        fatal: true,
        title: 'not enough vCPU quota for standardNVADSA10v5Family in eastus',
        detail: 'QuotaExceeded',
        fix: [
          `request a quota increase for standardNVADSA10v5Family in eastus (the Workspace's Standard_NV36ads_A10_v5 nodes need 36 vCPUs): ${QUOTA_PORTAL}`,
          'or choose a size whose family has quota (KAITO_INSTANCE_TYPE) or another region (AZURE_LOCATION); `npm run preflight` checks both',
          'once the quota is granted, run `npm run wait` again; Kaito retries the node',
        ],
      },
    ],
    [
      'size not offered in the region',
      'Code="SkuNotAvailable" Message="The requested VM size Standard_NV36ads_A10_v5 is currently not available in location \'eastus\'."',
      {
        kind: 'sku-unavailable',
        fatal: true,
        title: 'Standard_NV36ads_A10_v5 cannot be created in eastus right now',
        detail:
          'Code="SkuNotAvailable" Message="The requested VM size Standard_NV36ads_A10_v5 is currently not available in location \'eastus\'."',
        fix: [
          'choose a size offered in eastus (KAITO_INSTANCE_TYPE) or another region (AZURE_LOCATION); `npm run preflight` checks the offer',
          'see what the region offers: az vm list-skus --location eastus --size Standard_NV36ads_A10_v5 --output table',
        ],
      },
    ],
    [
      'a size Kaito does not accept for the model',
      'Unsupported SKU: Standard_NC12s_v3 is not supported by the preset',
      {
        kind: 'unsupported-sku',
        fatal: true,
        title: 'Kaito does not accept Standard_NV36ads_A10_v5 for this model',
        detail: 'Unsupported SKU: Standard_NC12s_v3 is not supported by the preset',
        fix: ['unset KAITO_INSTANCE_TYPE to get the cheapest size that fits the model, or choose one `npm run synth` accepts'],
      },
    ],
    [
      'gated weights',
      'huggingface_hub.errors.GatedRepoError: 401 Client Error. Cannot access gated repo for url https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct',
      {
        kind: 'model-access',
        fatal: true,
        title: 'the model weights could not be downloaded from Hugging Face: the preset needs a token that may read them',
        detail:
          'huggingface_hub.errors.GatedRepoError: 401 Client Error. Cannot access gated repo for url https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct',
        fix: [
          "accept the model's license on huggingface.co with the account of the token, then create a Secret with key HF_TOKEN in the Workspace namespace",
          'set KAITO_MODEL_ACCESS_SECRET to its name (azd env set KAITO_MODEL_ACCESS_SECRET <name>) and re-apply kaito-stack',
        ],
      },
    ],
    [
      'an architecture the image cannot run',
      "ValueError: Model architectures ['Phi4MMForCausalLM'] are not supported for now.",
      {
        kind: 'unsupported-model',
        fatal: true,
        title: "the inference image's vLLM or transformers cannot run this model's architecture",
        detail: "ValueError: Model architectures ['Phi4MMForCausalLM'] are not supported for now.",
        fix: [
          'the preset needs a newer Kaito release: choose a KAITO_VERSION whose presets list the model, or another model (KAITO_MODEL); `npm run synth` lists them',
        ],
      },
    ],
    [
      'KV cache, V1 wording: both GiB numbers and the tokens that fit',
      "ValueError: To serve at least one request with the models's max seq len (8192), (1.00 GiB KV cache is needed, which is larger than the available KV cache memory (0.62 GiB). Based on the available memory, the estimated maximum model length is 5072.",
      {
        kind: 'kv-cache',
        fatal: true,
        title: 'Standard_NV36ads_A10_v5 leaves too little GPU memory for the KV cache of one 8192-token request',
        detail:
          "ValueError: To serve at least one request with the models's max seq len (8192), (1.00 GiB KV cache is needed, which is larger than the available KV cache memory (0.62 GiB). Based on the available memory, the estimated maximum model length is 5072.",
        fix: [
          'the model loaded, but vLLM cannot reserve the context it is configured for (it needs 1 GiB of KV cache and has 0.62 GiB; it could hold 5072 tokens)',
          'choose a size with more GPU memory than Standard_NV36ads_A10_v5 (KAITO_INSTANCE_TYPE; `npm run synth` shows the GPU fit), then re-apply kaito-stack',
        ],
      },
    ],
    [
      'KV cache without any number: no length in the title, no parentheses in the fix',
      'ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.',
      {
        kind: 'kv-cache',
        fatal: true,
        title: 'Standard_NV36ads_A10_v5 leaves too little GPU memory for the KV cache of one request',
        detail:
          'ValueError: No available memory for the cache blocks. Try increasing `gpu_memory_utilization` when initializing the engine.',
        fix: [
          'the model loaded, but vLLM cannot reserve the context it is configured for',
          'choose a size with more GPU memory than Standard_NV36ads_A10_v5 (KAITO_INSTANCE_TYPE; `npm run synth` shows the GPU fit), then re-apply kaito-stack',
        ],
      },
    ],
    [
      'GPU out of memory',
      'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB',
      {
        kind: 'out-of-memory',
        fatal: true,
        title: 'the model server runs out of memory',
        detail: 'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB',
        fix: [
          'Standard_NV36ads_A10_v5 has too little GPU or host memory for this model at this context length',
          'choose a larger size (KAITO_INSTANCE_TYPE) or a smaller model (KAITO_MODEL), then re-apply kaito-stack',
        ],
      },
    ],
    [
      'the node disk full',
      "OSError: [Errno 28] No space left on device: '/workspace/weights'",
      {
        kind: 'disk-full',
        fatal: true,
        title: "the GPU node's disk is full: Standard_NV36ads_A10_v5's local disk cannot hold the model image and weights",
        detail: "OSError: [Errno 28] No space left on device: '/workspace/weights'",
        fix: [
          'choose a size with a larger local (temporary) disk than Standard_NV36ads_A10_v5 (KAITO_INSTANCE_TYPE), then re-apply kaito-stack',
          'see what filled it: kubectl describe node <the GPU node> (Conditions, Events)',
        ],
      },
    ],
    [
      'an image missing from the registry',
      'Failed to pull image "mcr.microsoft.com/aks/kaito/kaito-base:0.0.9": rpc error: code = NotFound desc = failed to pull and unpack image: manifest unknown',
      {
        kind: 'image-not-found',
        fatal: true,
        title: 'an image of the Workspace does not exist or may not be pulled',
        detail:
          'Failed to pull image "mcr.microsoft.com/aks/kaito/kaito-base:0.0.9": rpc error: code = NotFound desc = failed to pull and unpack image: manifest unknown',
        fix: [
          'the preset image for this model and Kaito release is missing from the registry: check that KAITO_VERSION serves KAITO_MODEL (`npm run synth`)',
          'the exact image is in the message above; kubectl describe pod shows the pull errors',
        ],
      },
    ],
    [
      'an image still pulling',
      'Back-off pulling image "mcr.microsoft.com/aks/kaito/kaito-falcon-7b-instruct:0.2.0": ErrImagePull',
      {
        kind: 'image-pull',
        fatal: false,
        title: 'an image cannot be pulled yet',
        detail: 'Back-off pulling image "mcr.microsoft.com/aks/kaito/kaito-falcon-7b-instruct:0.2.0": ErrImagePull',
        fix: ['large model images take minutes to pull; if it persists, check the image name and the node egress'],
      },
    ],
    [
      'no GPU node to schedule on yet',
      '0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available',
      {
        kind: 'unschedulable',
        fatal: false,
        title: 'the inference pod has no GPU node to run on yet',
        detail: '0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available',
        fix: ['normal while the GPU node registers and its NVIDIA device plugin starts; if it persists, check the NodeClaim'],
      },
    ],
    [
      "Kaito's NodeClaim check timed out",
      'check nodeClaim status timed out. nodeClaim ws3f2a9c1d7 is not ready',
      {
        kind: 'nodeclaim-timeout',
        fatal: false,
        title: "the GPU node did not come up within Kaito's 4-minute check",
        detail: 'check nodeClaim status timed out. nodeClaim ws3f2a9c1d7 is not ready',
        fix: [
          'Kaito keeps retrying; the NodeClaim and gpu-provisioner usually say why',
          'kubectl logs --namespace gpu-provisioner deployment/gpu-provisioner --tail 50',
        ],
      },
    ],
  ];

  test.each(cases)('%s', (_name, message, expected) => {
    expect(classify(message, SOURCE, helm)).toEqual({ ...expected, source: SOURCE });
  });

  test('a cause that does not depend on the identity reads the same with the add-on', () => {
    for (const [, message, expected] of cases) expect(classify(message, SOURCE, addon)).toEqual({ ...expected, source: SOURCE });
  });
});

describe('gpu-provisioner cannot sign in: the federated credential of the identity the install made', () => {
  const message =
    "AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:gpu-provisioner:gpu-provisioner'.";
  const base = {
    kind: 'identity',
    fatal: true,
    title: 'gpu-provisioner cannot sign in to Azure (workload identity)',
    source: SOURCE,
    detail: message,
  };

  test('GIVEN Helm-installed Kaito THEN check and compare, and re-apply the infra stack to recreate it', () => {
    expect(classify(message, SOURCE, helm)).toEqual({
      ...base,
      fix: [
        FEDERATED.helm,
        'check it: az identity federated-credential list --identity-name id-kaito-kaito-provisioner --resource-group rg-kaito --output table',
        COMPARE_ISSUER,
        're-apply the infra stack (cdktf deploy infra, or azd provision) to recreate it; a new credential can take a minute to work',
      ],
    });
  });

  test("GIVEN the AKS add-on THEN check and compare, and create it as the add-on's documentation says", () => {
    expect(classify(message, SOURCE, addon)).toEqual({
      ...base,
      fix: [
        FEDERATED.addon,
        'check it: az identity federated-credential list --identity-name ai-toolchain-operator-aks-kaito --resource-group rg-kaito-aks-nodes --output table',
        COMPARE_ISSUER,
        "if it is missing, create it as the add-on's documentation says: az identity federated-credential create --name kaito-federated-identity --identity-name ai-toolchain-operator-aks-kaito --resource-group rg-kaito-aks-nodes --issuer <that issuer> --subject system:serviceaccount:kube-system:kaito-gpu-provisioner --audience api://AzureADTokenExchange",
      ],
    });
  });
});

describe("gpu-provisioner's role is denied an action", () => {
  const helmFix = (action: string) => [
    `id-kaito-kaito-provisioner's role on the AKS cluster aks-kaito lacks ${action}; with KAITO_PROVISIONER_ROLE=custom (the default) it holds only the node pool actions gpu-provisioner 0.4.1 and 0.4.3 call (README, Security)`,
    `to unblock: azd env set KAITO_PROVISIONER_ROLE contributor (or export it) and re-apply the infra stack (azd provision, or cdktf deploy infra); report ${action} and the gpu-provisioner version so the custom role gets it (catalog/provisioner-permissions.ts)`,
    `if the role assignment is missing (an apply that did not finish), re-apply the infra stack; ${ROLE_CHECK.helm}`,
    ROLE_DELAY,
  ];
  const addonFix = [
    "the AKS add-on's identity ai-toolchain-operator-aks-kaito (in resource group rg-kaito-aks-nodes) needs the Contributor role on the resource group rg-kaito; if it lacks it, grant it as the add-on's documentation says: az role assignment create --role Contributor --assignee <its principalId> --scope $(az group show --name rg-kaito --query id --output tsv)",
    ROLE_CHECK.addon,
    ROLE_DELAY,
  ];

  test('GIVEN Helm-installed Kaito THEN the action, the custom role, the switch to Contributor, and the embedded message as detail', () => {
    expect(classify(DENIED, SOURCE, helm)).toEqual({
      kind: 'authorization',
      fatal: true,
      title: `gpu-provisioner's role lacks action ${AGENT_POOL_WRITE}`,
      source: SOURCE,
      detail: DENIED_DETAIL,
      fix: helmFix(AGENT_POOL_WRITE),
    });
  });

  test('GIVEN Helm-installed Kaito and a denial that names no action THEN the fix points at the message', () => {
    expect(classify('ERROR CODE: AuthorizationFailed', SOURCE, helm)).toEqual({
      kind: 'authorization',
      fatal: true,
      title: 'gpu-provisioner is not allowed to add a node pool to the cluster',
      source: SOURCE,
      detail: 'ERROR CODE: AuthorizationFailed',
      fix: helmFix('the action in the message'),
    });
  });

  test("GIVEN the AKS add-on THEN the Contributor role on the cluster's resource group, whatever the action", () => {
    expect(classify(DENIED, SOURCE, addon)).toEqual({
      kind: 'authorization',
      fatal: true,
      title: `gpu-provisioner's role lacks action ${AGENT_POOL_WRITE}`,
      source: SOURCE,
      detail: DENIED_DETAIL,
      fix: addonFix,
    });
    expect(classify('LinkedAuthorizationFailed', SOURCE, addon)?.fix).toEqual(addonFix);
  });
});
