import { classify, gist, mostTelling, parseQuota, tellingPart } from '../../cli/causes';
import { causeContext } from '../../cli/wait';
import { testTarget } from './helpers';

const ctx = causeContext(testTarget());
const kindOf = (message: string) => classify(message, 'test', ctx)?.kind;

describe('classify', () => {
  test.each([
    // AKS, when the family quota is short
    ['Insufficient vcpu quota requested 36, remaining 0 for family standardNVADSA10v5Family for region eastus.', 'quota'],
    // AKS, when the regional total is short
    ['Insufficient regional vcpu quota left for location westeurope. left regional vcpu quota 4, requested quota 36', 'quota'],
    // Compute, through AKS
    [
      'Code="OperationNotAllowed" Message="Operation could not be completed as it results in exceeding approved standardNVADSA10v5Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: 0, Current Usage: 0, Additional Required: 36, (Minimum) New Limit Required: 36."',
      'quota',
    ],
    [
      'Code="SkuNotAvailable" Message="The requested VM size for resource \'Following SKUs have failed for Capacity Restrictions: Standard_NV36ads_A10_v5\' is currently not available in location \'eastus\'."',
      'sku-unavailable',
    ],
    [
      'Code="ZonalAllocationFailed" Message="Allocation failed. We do not have sufficient capacity for the requested VM size in this zone."',
      'sku-unavailable',
    ],
    ['all requested instance types were unavailable during launch', 'sku-unavailable'],
    [
      "AADSTS700213: No matching federated identity record found for presented assertion subject 'system:serviceaccount:gpu-provisioner:gpu-provisioner'.",
      'identity',
    ],
    [
      "The client 'x' with object id 'x' does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/agentPools/write' over scope '/subscriptions/s'",
      'authorization',
    ],
    ['Unsupported SKU: Standard_NC12s_v3 is not supported by the preset', 'unsupported-sku'],
    [
      'huggingface_hub.errors.GatedRepoError: 401 Client Error. Cannot access gated repo for url https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct',
      'model-access',
    ],
    ['torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB', 'out-of-memory'],
    ['OOMKilled', 'out-of-memory'],
    ['Back-off pulling image "mcr.microsoft.com/aks/kaito/kaito-falcon-7b-instruct:0.2.0": ErrImagePull', 'image-pull'],
    ['0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are available', 'unschedulable'],
    ['check nodeClaim status timed out. nodeClaim ws3f2a9c1d7 is not ready', 'nodeclaim-timeout'],
    // issue 25: AKS busy, a GPU node without its device plugin, Hugging Face unreachable, a liveness probe failing
    [
      'RESPONSE 409: 409 Conflict\nERROR CODE: OperationNotAllowed\n{"code": "OperationNotAllowed", "message": "Operation is not allowed: Another operation (Upgrading) is in progress, please wait for it to finish before starting a new operation."}',
      'cluster-busy',
    ],
    ['node plugin installation timed out. node aks-ws3f2a9c1d7-28174635-vmss000000 is not ready', 'gpu-driver'],
    [
      "OSError: We couldn't connect to 'https://huggingface.co' to load the files, and couldn't find them in the cached files.",
      'hf-unreachable',
    ],
    [
      'Unhealthy: Liveness probe failed: Get "http://10.244.1.17:5000/health": dial tcp 10.244.1.17:5000: connect: connection refused',
      'liveness-probe',
    ],
    ['Back-off restarting failed container', undefined],
    ['object is awaiting reconciliation', undefined],
  ])('%s -> %s', (message, kind) => {
    expect(kindOf(message)).toBe(kind);
  });

  test('what waiting cannot fix is fatal; what time fixes is not', () => {
    expect(classify('QuotaExceeded', 's', ctx)?.fatal).toBe(true);
    expect(classify('ErrImagePull', 's', ctx)?.fatal).toBe(false);
    expect(classify('check nodeClaim status timed out', 's', ctx)?.fatal).toBe(false);
  });

  test('the quota fix gives the lowest limit to request when Azure says it', () => {
    const cause = classify(
      'exceeding approved StandardNCADSA100v4Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: westus3, Current Limit: 0, Current Usage: 0, Additional Required: 24, (Minimum) New Limit Required: 24.',
      's',
      ctx,
    );
    expect(cause?.title).toBe('not enough vCPU quota for StandardNCADSA100v4Family in westus3');
    expect(cause?.fix[0]).toMatch(/^request a quota increase for StandardNCADSA100v4Family in westus3 to a limit of at least 24 vCPUs/);
  });

  test('without numbers in the message, the fix falls back to the configured family and region', () => {
    const cause = classify('QuotaExceeded', 's', ctx);
    expect(cause?.title).toBe('not enough vCPU quota for standardNVADSA10v5Family in eastus');
    expect(cause?.fix[0]).toMatch(
      /^request a quota increase for standardNVADSA10v5Family in eastus \(the Workspace's Standard_NV36ads_A10_v5 nodes need 36 vCPUs\)/,
    );
  });
});

describe('the provisioner identity named in a fix', () => {
  const denied = "does not have authorization to perform action 'Microsoft.ContainerService/managedClusters/agentPools/write'";
  const noRecord = "AADSTS700213: No matching federated identity record found for presented assertion subject 'x'";

  test('GIVEN Helm-installed Kaito THEN the infra stack made it: re-apply that stack', () => {
    const identity = classify(noRecord, 's', ctx);
    expect(identity?.fix[0]).toBe(
      "the identity id-kaito-kaito-provisioner needs a federated credential with subject system:serviceaccount:gpu-provisioner:gpu-provisioner, audience api://AzureADTokenExchange and the cluster's OIDC issuer",
    );
    expect(identity?.fix[1]).toContain('--identity-name id-kaito-kaito-provisioner --resource-group rg-kaito ');
    expect(identity?.fix[3]).toMatch(/^re-apply the infra stack/);
  });

  test("GIVEN the AKS add-on THEN the fixes name the add-on's identity, in the node resource group, and never the infra stack", () => {
    const addon = causeContext(testTarget({ KAITO_INSTALL: 'aks-addon' }));
    const identity = classify(noRecord, 's', addon);
    expect(identity?.fix[0]).toBe(
      "the AKS add-on's identity ai-toolchain-operator-aks-kaito (in resource group rg-kaito-aks-nodes) needs a federated credential with subject system:serviceaccount:kube-system:kaito-gpu-provisioner, audience api://AzureADTokenExchange and the cluster's OIDC issuer",
    );
    expect(identity?.fix[1]).toContain('--identity-name ai-toolchain-operator-aks-kaito --resource-group rg-kaito-aks-nodes ');
    expect(identity?.fix[3]).toContain('az identity federated-credential create');
    const authorization = classify(denied, 's', addon);
    expect(authorization?.fix[0]).toMatch(
      /^the AKS add-on's identity ai-toolchain-operator-aks-kaito .* needs the Contributor role on the resource group rg-kaito;/,
    );
    expect(authorization?.fix[1]).toContain('az identity show --name ai-toolchain-operator-aks-kaito --resource-group rg-kaito-aks-nodes');
    for (const fix of [...(identity?.fix ?? []), ...(authorization?.fix ?? [])]) expect(fix).not.toContain('infra stack');
  });
});

describe('parseQuota', () => {
  test('Compute form', () => {
    expect(
      parseQuota(
        'exceeding approved standardNVADSA10v5Family Cores quota. Additional details - Deployment Model: Resource Manager, Location: eastus, Current Limit: 36, Current Usage: 36, Additional Required: 36, (Minimum) New Limit Required: 72.',
      ),
    ).toEqual({ family: 'standardNVADSA10v5Family', region: 'eastus', limit: 36, usage: 36, required: 36, newLimit: 72, shortBy: 36 });
  });

  test('AKS family form', () => {
    expect(
      parseQuota('Insufficient vcpu quota requested 36, remaining 12 for family standardNVADSA10v5Family for region eastus.'),
    ).toMatchObject({
      family: 'standardNVADSA10v5Family',
      region: 'eastus',
      required: 36,
      shortBy: 24,
    });
  });

  test('AKS regional form', () => {
    expect(
      parseQuota('Insufficient regional vcpu quota left for location westeurope. left regional vcpu quota 4, requested quota 36'),
    ).toMatchObject({
      family: undefined,
      region: 'westeurope',
      required: 36,
      shortBy: 32,
    });
  });
});

describe('tellingPart', () => {
  test('picks the matching "message" of an embedded JSON error and unescapes it', () => {
    const message = 'PUT https://x\n---\n{\n  "code": "X",\n  "message": "Code=\\"SkuNotAvailable\\" Message=\\"not available\\""\n}';
    expect(tellingPart(message, /SkuNotAvailable/)).toBe('Code="SkuNotAvailable" Message="not available"');
  });

  test('picks the matching line when there is no JSON', () => {
    expect(tellingPart('line one\npanic: CUDA out of memory here\nline three', /CUDA out of memory/)).toBe(
      'panic: CUDA out of memory here',
    );
  });

  test('cuts long text to 400 characters', () => {
    expect(tellingPart(`QuotaExceeded ${'x'.repeat(600)}`, /QuotaExceeded/)).toHaveLength(400);
  });
});

describe('mostTelling', () => {
  test('fatal before not fatal, then the more specific kind', () => {
    const image = classify('ErrImagePull', 'a', ctx)!;
    const quota = classify('QuotaExceeded', 'b', ctx)!;
    const auth = classify('AuthorizationFailed', 'c', ctx)!;
    expect(mostTelling([image, auth, quota])?.kind).toBe('quota');
    expect(mostTelling([image, { ...quota, fatal: false }])?.kind).toBe('quota');
    expect(mostTelling([image, { ...quota, fatal: false }, auth])?.kind).toBe('authorization');
    expect(mostTelling([])).toBeUndefined();
  });
});

describe('gist', () => {
  test('the embedded error message of an Azure SDK error, else the first line', () => {
    const azure =
      'creating instance, PUT https://management.azure.com/x\n----\nRESPONSE 400\n{\n  "code": "X",\n  "message": "Insufficient vcpu quota requested 36"\n}';
    expect(gist(azure)).toBe('Insufficient vcpu quota requested 36');
    expect(gist('\n  first line\nsecond')).toBe('first line');
  });
});
