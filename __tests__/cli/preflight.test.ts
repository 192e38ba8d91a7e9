import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AggregateAuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { loadConfig } from '../../config';
import { AzureAccess, azureAccess, signInFailure } from '../../cli/azure';
import { EXIT } from '../../cli/exit-codes';
import { runPreflight } from '../../cli/preflight';
import { actionMatches, grants } from '../../cli/permissions';
import { checkOffer, preflightVerdict, SkuRecord, UsageRecord } from '../../cli/quota';
import { checkKubernetesOffer, KubernetesVersionRecord } from '../../cli/kubernetes-offer';
import { FIXTURES, memoryScreen } from './helpers';
import { writeKubeconfig } from '../kubeconfig-fixture';

const usages = (): UsageRecord[] => JSON.parse(readFileSync(join(FIXTURES, 'azure', 'usages-eastus.json'), 'utf8')).value;
const skus = (): SkuRecord[] => JSON.parse(readFileSync(join(FIXTURES, 'azure', 'resource-skus-eastus.json'), 'utf8')).value;
/**
 * AKS's Kubernetes versions in eastus, in the wire form of `GET .../locations/eastus/kubernetesVersions`
 * (`az aks get-versions`). Not a recording: shaped after ARM's own example (KubernetesVersions_List.json,
 * api-version 2025-10-01) with the minors AKS's calendar gives for 2026-12-07 (1.34 on LTS only).
 */
const kubernetesVersions = (): KubernetesVersionRecord[] =>
  JSON.parse(readFileSync(join(FIXTURES, 'azure', 'kubernetes-versions-eastus.json'), 'utf8')).values;
/** The permissions API's answer for a caller holding one built-in role on the resource group. */
const permissionsOf = (role: 'owner' | 'contributor' | 'contributor-and-user-access-administrator') =>
  JSON.parse(readFileSync(join(FIXTURES, 'azure', `permissions-${role}.json`), 'utf8')).value;
const A10 = { size: 'Standard_NV36ads_A10_v5', family: 'standardNVADSA10v5Family', vCpus: 36 };
const SUBSCRIPTION = '3f6b2a50-9c1e-4c77-8a5e-1b2c3d4e5f60';

describe('preflightVerdict, on recorded ARM answers', () => {
  test('enough quota and the size offered: ok', () => {
    const v = preflightVerdict(A10, 'eastus', usages(), skus());
    expect(v.ok).toBe(true);
    expect(v.offer).toEqual({ offered: true, zones: ['1', '2', '3'], restrictedZones: [], family: 'standardNVADSA10v5Family', vCpus: 36 });
    expect(v.quotas.map((q) => [q.name, q.limit - q.used, q.needed, q.enough])).toEqual([
      ['standardNVADSA10v5Family', 36, 36, true],
      ['cores', 92, 36, true],
    ]);
  });

  test('two nodes need twice the vCPUs: the family is short by 36, request a limit of 72', () => {
    const v = preflightVerdict({ ...A10, vCpus: 72 }, 'eastus', usages(), skus());
    expect(v.ok).toBe(false);
    expect(v.quotas[0]).toMatchObject({ enough: false, limitToRequest: 72, label: 'Standard NVADSA10v5 Family vCPUs' });
  });

  test('the regional total counts too', () => {
    const tight = usages().map((u) => (u.name?.value === 'cores' ? { ...u, currentValue: 90 } : u));
    const v = preflightVerdict(A10, 'eastus', tight, skus());
    expect(v.ok).toBe(false);
    expect(v.quotas[1]).toMatchObject({ name: 'cores', label: 'Total Regional vCPUs', enough: false, limitToRequest: 126 });
  });

  test("ARM's family for the size wins over the catalog's", () => {
    const v = preflightVerdict({ ...A10, family: 'aWrongFamilyName' }, 'eastus', usages(), skus());
    expect(v.quotas[0].name).toBe('standardNVADSA10v5Family');
  });

  test('a family missing from the usage list counts as no quota', () => {
    const v = preflightVerdict(
      { size: 'Standard_ND96isr_H100_v5', family: 'standardNDSH100v5Family', vCpus: 96 },
      'eastus',
      usages(),
      skus(),
    );
    expect(v.quotas[0]).toMatchObject({ unlisted: true, limit: 0, enough: false });
    expect(v.offer).toMatchObject({ offered: false, reason: 'Standard_ND96isr_H100_v5 is not offered in eastus' });
  });
});

describe('checkOffer', () => {
  test('a size restricted for the subscription in the whole region is not offered', () => {
    expect(checkOffer(skus(), 'Standard_NC6s_v3', 'eastus')).toMatchObject({
      offered: false,
      reason: 'Standard_NC6s_v3 is not available to this subscription in eastus',
    });
  });

  test('a zone restriction leaves the size offered and lists the zone', () => {
    expect(checkOffer(skus(), 'standard_nc24ads_a100_v4', 'EastUS')).toMatchObject({ offered: true, restrictedZones: ['2'] });
  });

  test('a size listed for another region only is not offered here', () => {
    expect(checkOffer(skus(), 'Standard_NV36ads_A10_v5', 'westeurope').offered).toBe(false);
  });
});

/** Azure access answering from the recordings. */
function recordedAzure(overrides: Partial<AzureAccess> = {}): AzureAccess {
  return {
    signIn: async () => ({ ok: true }),
    usages: async () => usages(),
    skus: async () => skus(),
    permissions: async () => permissionsOf('owner'),
    kubernetesVersions: async () => kubernetesVersions(),
    openAiUsages: async () => [],
    ...overrides,
  };
}

async function preflight(env: Record<string, string>, azure: AzureAccess = recordedAzure()) {
  const screen = memoryScreen();
  const subscriptions: string[] = [];
  const code = await runPreflight(loadConfig(env), async (s) => (subscriptions.push(s), azure), screen);
  return { code, text: screen.text(), subscriptions };
}

describe('runPreflight', () => {
  test('passes: exit 0, the need and each check', async () => {
    const { code, text, subscriptions } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION });
    expect(code).toBe(EXIT.OK);
    expect(subscriptions).toEqual([SUBSCRIPTION]);
    expect(text).toContain('kaito-aks preflight: falcon-7b-instruct on 1 x Standard_NV36ads_A10_v5 in eastus (Kaito 0.10.0)');
    expect(text).toContain('  ✔ Standard_NV36ads_A10_v5 is offered in eastus (zones 1, 2, 3)');
    expect(text).toContain('  ✔ Standard NVADSA10v5 Family vCPUs (standardNVADSA10v5Family): 36 of 36 vCPUs free, 36 needed');
    expect(text).toContain('  ✔ Total Regional vCPUs (cores): 92 of 100 vCPUs free, 36 needed');
    expect(text).toContain('✔ preflight passed');
  });

  test('short of quota: exit 1 and what to request, with numbers', async () => {
    // phi-4 on one A10 per node: Kaito's estimator gives it 2 nodes
    const { code, text } = await preflight({
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
      KAITO_MODEL: 'phi-4',
      KAITO_INSTANCE_TYPE: 'Standard_NV36ads_A10_v5',
    });
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('  ✖ Standard NVADSA10v5 Family vCPUs (standardNVADSA10v5Family): 36 of 36 vCPUs free, 72 needed');
    expect(text).toContain(
      '  request a quota increase: Standard NVADSA10v5 Family vCPUs (standardNVADSA10v5Family) in eastus to a limit of at least 72 vCPUs',
    );
    expect(text).toContain('https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/myQuotas');
  });

  test('a size the region does not offer: exit 1, how to list what it offers', async () => {
    const { code, text } = await preflight({
      AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
      KAITO_INSTANCE_TYPE: 'Standard_NC24ads_A100_v4',
      AZURE_LOCATION: 'westus3',
    });
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('  ✖ Standard_NC24ads_A100_v4 is not offered in westus3');
    expect(text).toContain('az vm list-skus --location westus3');
  });

  test('no subscription: skipped with a notice and the requirement, exit 0, Azure not asked', async () => {
    const { code, text, subscriptions } = await preflight({});
    expect(code).toBe(EXIT.OK);
    expect(subscriptions).toEqual([]);
    expect(text).toContain('  skipped: AZURE_SUBSCRIPTION_ID is not set');
    expect(text).toContain(
      '  this deployment needs 36 vCPUs of standardNVADSA10v5Family quota in eastus (1 x Standard_NV36ads_A10_v5, 36 vCPUs each), and Standard_NV36ads_A10_v5 offered there',
    );
  });

  test('not signed in: skipped with a notice and the requirement, exit 0', async () => {
    const azure = recordedAzure({ signIn: async () => ({ ok: false, reason: 'not signed in (run az login)' }) });
    const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }, azure);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('  skipped: no usable Azure login: not signed in (run az login)');
    expect(text).toContain('sign in with `az login` or `azd auth login`');
  });

  test('ARM unreachable (offline): skipped with a notice, exit 0', async () => {
    const azure = recordedAzure({
      usages: async () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND management.azure.com'), { code: 'ENOTFOUND' })),
    });
    const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }, azure);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain(
      'skipped: Azure Resource Manager did not answer the quota questions (getaddrinfo ENOTFOUND management.azure.com)',
    );
  });
});

describe('azureAccess, through the ARM compute client with an in-process HTTP client', () => {
  interface Sent {
    url: string;
    method: string;
    authorization?: string;
  }
  const sent: Sent[] = [];
  const headers = (init: Record<string, string>) => {
    const m = new Map(Object.entries(init).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      get: (k: string) => m.get(k.toLowerCase()),
      has: (k: string) => m.has(k.toLowerCase()),
      set: (k: string, v: string | number | boolean) => void m.set(k.toLowerCase(), String(v)),
      delete: (k: string) => void m.delete(k.toLowerCase()),
      toJSON: () => Object.fromEntries(m),
      [Symbol.iterator]: () => m.entries(),
    };
  };
  // answers the two ARM calls from the recordings; nothing leaves the process
  const httpClient = {
    sendRequest: async (request: { url: string; method: string; headers: { get(name: string): string | undefined } }) => {
      sent.push({ url: request.url, method: request.method, authorization: request.headers.get('authorization') });
      const path = new URL(request.url).pathname;
      const file = path.includes('/Microsoft.CognitiveServices/')
        ? 'openai-usages-eastus.json'
        : path.endsWith('/usages')
          ? 'usages-eastus.json'
          : path.endsWith('/skus')
            ? 'resource-skus-eastus.json'
            : path.endsWith('/resourcegroups/rg-kaito/providers/Microsoft.Authorization/permissions')
              ? 'permissions-contributor.json'
              : path.endsWith('/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions')
                ? 'kubernetes-versions-eastus.json'
                : undefined;
      return {
        request,
        status: file ? 200 : 404,
        headers: headers({ 'content-type': 'application/json' }),
        bodyAsText: file ? readFileSync(join(FIXTURES, 'azure', file), 'utf8') : '{"error":{"code":"NotFound","message":"not found"}}',
      };
    },
  };
  const credential = { getToken: async () => ({ token: 'fake-arm-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

  test('lists usages and SKUs of the region, with the token, and maps them', async () => {
    const azure = await azureAccess({ subscriptionId: SUBSCRIPTION, credential, httpClient: httpClient as never });
    expect(await azure.signIn()).toEqual({ ok: true });
    const [u, s] = await Promise.all([azure.usages('eastus'), azure.skus('eastus')]);
    expect(u.find((x) => x.name?.value === 'standardNVADSA10v5Family')).toMatchObject({ limit: 36, currentValue: 0 });
    expect(s.map((x) => x.name)).toContain('Standard_NV36ads_A10_v5');
    const urls = sent.map((r) => new URL(r.url));
    expect(urls.map((x) => x.pathname).sort()).toEqual([
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Compute/locations/eastus/usages`,
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Compute/skus`,
    ]);
    expect(urls.find((x) => x.pathname.endsWith('/skus'))?.searchParams.get('$filter')).toBe("location eq 'eastus'");
    expect(sent.every((r) => r.authorization === 'Bearer fake-arm-token')).toBe(true);
  });

  test("lists the region's Cognitive Services usages (Azure OpenAI tokens per minute), with the token", async () => {
    const azure = await azureAccess({ subscriptionId: SUBSCRIPTION, credential, httpClient: httpClient as never });
    const before = sent.length;
    const u = await azure.openAiUsages('eastus');
    expect(u.find((x) => x.name?.value === 'OpenAI.GlobalStandard.gpt-4.1-mini')).toMatchObject({ limit: 50, currentValue: 42 });
    const urls = sent.slice(before).map((r) => new URL(r.url));
    expect(urls.map((x) => x.pathname)).toEqual([
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.CognitiveServices/locations/eastus/usages`,
    ]);
    expect(urls[0].searchParams.get('api-version')).toBe('2024-10-01');
    expect(sent.slice(before).every((r) => r.authorization === 'Bearer fake-arm-token')).toBe(true);
  });

  test("lists the caller's permissions in the resource group; a group that does not exist gives undefined", async () => {
    const azure = await azureAccess({ subscriptionId: SUBSCRIPTION, credential, httpClient: httpClient as never });
    const before = sent.length;
    expect(await azure.permissions('rg-kaito')).toEqual(permissionsOf('contributor'));
    expect(await azure.permissions('rg-missing')).toBeUndefined();
    const urls = sent.slice(before).map((r) => new URL(r.url));
    expect(urls.map((x) => x.pathname)).toEqual([
      `/subscriptions/${SUBSCRIPTION}/resourcegroups/rg-kaito/providers/Microsoft.Authorization/permissions`,
      `/subscriptions/${SUBSCRIPTION}/resourcegroups/rg-missing/providers/Microsoft.Authorization/permissions`,
    ]);
    expect(urls[0].searchParams.get('api-version')).toBe('2022-04-01');
    expect(sent.slice(before).every((r) => r.authorization === 'Bearer fake-arm-token')).toBe(true);
  });

  test('lists the Kubernetes versions of the region, as az aks get-versions does, with the token', async () => {
    const azure = await azureAccess({ subscriptionId: SUBSCRIPTION, credential, httpClient: httpClient as never });
    const before = sent.length;
    expect((await azure.kubernetesVersions('eastus')).map((v) => v.version)).toEqual(['1.34', '1.35', '1.36', '1.37', '1.38']);
    const url = new URL(sent[before].url);
    expect(url.pathname).toBe(`/subscriptions/${SUBSCRIPTION}/providers/Microsoft.ContainerService/locations/eastus/kubernetesVersions`);
    expect(url.searchParams.get('api-version')).toBe('2025-10-01');
    expect(sent[before].authorization).toBe('Bearer fake-arm-token');
    // an error answer is thrown with its status, for preflight to report
    await expect(azure.kubernetesVersions('nowhere')).rejects.toMatchObject({ statusCode: 404, message: 'NotFound: not found' });
  });

  test('a credential without a login: signIn says so instead of throwing', async () => {
    const noLogin = {
      getToken: async () => {
        throw new AggregateAuthenticationError(
          [
            new CredentialUnavailableError(
              "Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'.",
            ),
          ],
          'ChainedTokenCredential authentication failed.',
        );
      },
    };
    const azure = await azureAccess({ subscriptionId: SUBSCRIPTION, credential: noLogin, httpClient: httpClient as never });
    expect(await azure.signIn()).toEqual({
      ok: false,
      reason:
        'not signed in: no credential of DefaultAzureCredential found a login (Azure CLI, Azure Developer CLI, environment, managed identity)',
    });
  });

  test('signInFailure names other errors', () => {
    expect(
      signInFailure(Object.assign(new Error('AADSTS700082: The refresh token has expired\nTrace ID: x'), { name: 'AuthenticationError' })),
    ).toBe('AuthenticationError: AADSTS700082: The refresh token has expired');
    expect(signInFailure(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }))).toBe(
      'no token within the time limit',
    );
  });
});

describe('role actions, judged like Azure RBAC', () => {
  test('a wildcard matches any run of characters, case-insensitively', () => {
    expect(actionMatches('*', 'Microsoft.Authorization/roleDefinitions/write')).toBe(true);
    expect(actionMatches('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleDefinitions/write')).toBe(true);
    expect(actionMatches('*/read', 'Microsoft.Authorization/roleDefinitions/write')).toBe(false);
    expect(actionMatches('Microsoft.Authorization/roleDefinitions/write', 'Microsoft.Authorization/roleAssignments/write')).toBe(false);
  });

  test.each([
    ['owner', true],
    ['contributor', false],
    ['contributor-and-user-access-administrator', true],
  ] as const)('%s may write role definitions and assignments: %p', (role, allowed) => {
    expect(grants(permissionsOf(role), 'Microsoft.Authorization/roleDefinitions/write')).toBe(allowed);
    expect(grants(permissionsOf(role), 'Microsoft.Authorization/roleAssignments/write')).toBe(allowed);
    expect(grants(permissionsOf(role), 'Microsoft.ContainerService/managedClusters/write')).toBe(true);
  });
});

describe('runPreflight: may the deployer make the infra stack roles?', () => {
  test('Owner on the resource group: both actions checked, passes', async () => {
    const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION });
    expect(code).toBe(EXIT.OK);
    expect(text).toContain(
      '  ✔ you may Microsoft.Authorization/roleAssignments/write in rg-kaito: the role assignments of the deployer and each workload identity',
    );
    expect(text).toContain(
      "  ✔ you may Microsoft.Authorization/roleDefinitions/write in rg-kaito: gpu-provisioner's custom role (KAITO_PROVISIONER_ROLE=custom)",
    );
  });

  test('Contributor only: exit 1, names the missing actions and both ways out', async () => {
    const azure = recordedAzure({ permissions: async () => permissionsOf('contributor') });
    const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }, azure);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('  ✖ you may not Microsoft.Authorization/roleDefinitions/write in rg-kaito');
    expect(text).toContain("✖ preflight failed: you may not make the infra stack's roles in rg-kaito");
    expect(text).toContain('  ask for Owner, or User Access Administrator, on the resource group rg-kaito');
    expect(text).toContain('azd env set KAITO_PROVISIONER_ROLE contributor');
    expect(text).not.toContain('the Workspace would never get its GPU node');
  });

  test('KAITO_PROVISIONER_ROLE=contributor or the AKS add-on: no role definition needed', async () => {
    for (const env of [{ KAITO_PROVISIONER_ROLE: 'contributor' }, { KAITO_INSTALL: 'aks-addon' }] as Record<string, string>[]) {
      const azure = recordedAzure({ permissions: async () => permissionsOf('contributor-and-user-access-administrator') });
      const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION, ...env }, azure);
      expect(code).toBe(EXIT.OK);
      expect(text).not.toContain('roleDefinitions');
    }
  });

  test('the resource group does not exist yet: a notice with what the first provision needs, exit 0', async () => {
    const azure = recordedAzure({ permissions: async () => undefined });
    const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }, azure);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('  skipped the role check: resource group rg-kaito does not exist yet');
    expect(text).toContain(
      '  the first provision creates it and needs Microsoft.Authorization/roleAssignments/write, Microsoft.Authorization/roleDefinitions/write on the subscription (Owner, or Contributor + User Access Administrator)',
    );
  });

  test('the permissions API does not answer: a notice, exit 0', async () => {
    const azure = recordedAzure({ permissions: async () => Promise.reject(Object.assign(new Error('Forbidden'), { statusCode: 403 })) });
    const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }, azure);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('  skipped the role check: Azure did not list your permissions in rg-kaito (403 Forbidden)');
  });

  test('not signed in: the skip names the role actions too', async () => {
    const azure = recordedAzure({ signIn: async () => ({ ok: false, reason: 'not signed in' }) });
    const { text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }, azure);
    expect(text).toContain(
      '  and, to provision, Microsoft.Authorization/roleAssignments/write and Microsoft.Authorization/roleDefinitions/write on resource group rg-kaito, or on the subscription while that group does not exist yet',
    );
  });
});

describe('the Kubernetes version, offered in the region for a new cluster?', () => {
  test('a minor the region offers with the standard plan: offered, with its newest patch and whether it is the default', () => {
    expect(checkKubernetesOffer(kubernetesVersions(), '1.36', 'eastus')).toEqual({
      offered: true,
      line: "Kubernetes 1.36 is offered in eastus (newest patch 1.36.3), AKS's default there",
      notice: undefined,
    });
    expect(checkKubernetesOffer(kubernetesVersions(), '1.35', 'eastus').line).toBe(
      'Kubernetes 1.35 is offered in eastus (newest patch 1.35.5)',
    );
  });

  test('a minor offered only with Long Term Support is not offered to kaito-aks, which sets no LTS', () => {
    expect(checkKubernetesOffer(kubernetesVersions(), '1.34', 'eastus')).toEqual({
      offered: false,
      line: 'eastus offers Kubernetes 1.34 only with Long Term Support (Premium tier, AKSLongTermSupport plan), which kaito-aks does not set; it offers 1.35, 1.36 (its default), 1.37 with the standard plan',
    });
  });

  test('a minor the region does not list at all', () => {
    expect(checkKubernetesOffer(kubernetesVersions(), '1.33', 'eastus')).toEqual({
      offered: false,
      line: 'eastus does not offer Kubernetes 1.33 for a new cluster; it offers 1.35, 1.36 (its default), 1.37',
    });
  });

  test('a preview minor is offered, with a notice', () => {
    expect(checkKubernetesOffer(kubernetesVersions(), '1.38', 'eastus').notice).toBe(
      "Kubernetes 1.38 is a preview version in eastus: not covered by AKS's support until it is GA",
    );
  });
});

describe('runPreflight: the Kubernetes version', () => {
  test('offered: a check mark among the others, passes', async () => {
    const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION });
    expect(code).toBe(EXIT.OK);
    expect(text).toContain("  ✔ Kubernetes 1.36 is offered in eastus (newest patch 1.36.3), AKS's default there");
  });

  test('not offered in the region: exit 1, what it offers and the variable to set', async () => {
    const azure = recordedAzure({ kubernetesVersions: async () => kubernetesVersions().filter((v) => v.version !== '1.36') });
    const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }, azure);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('  ✖ eastus does not offer Kubernetes 1.36 for a new cluster; it offers 1.35, 1.37');
    expect(text).toContain('✖ preflight failed: AKS would not create the cluster on Kubernetes 1.36 in eastus');
    expect(text).toContain('azd env set AKS_KUBERNETES_VERSION <minor>');
    expect(text).not.toContain('the Workspace would never get its GPU node');
  });

  test('kubeconfig mode: the cluster exists already, so the versions are not asked', async () => {
    const kubeconfig = writeKubeconfig();
    try {
      const azure = recordedAzure({ kubernetesVersions: async () => Promise.reject(new Error('must not be asked')) });
      const env = {
        AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
        AZURE_TENANT_ID: '22222222-2222-2222-2222-222222222222',
        AKS_KUBECONFIG: kubeconfig,
        KAITO_IDENTITY_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
      };
      const { code, text } = await preflight(env, azure);
      expect(code).toBe(EXIT.OK);
      expect(text).not.toContain('Kubernetes');
    } finally {
      rmSync(dirname(kubeconfig), { recursive: true, force: true });
    }
  });

  test('the versions API does not answer: a notice with the command to check by hand, exit 0', async () => {
    const azure = recordedAzure({
      kubernetesVersions: async () => Promise.reject(Object.assign(new Error('Forbidden'), { statusCode: 403 })),
    });
    const { code, text } = await preflight({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }, azure);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('  skipped the Kubernetes version check: Azure did not list the versions of eastus (403 Forbidden)');
    expect(text).toContain('  check by hand: az aks get-versions --location eastus --output table (Kubernetes 1.36 is needed)');
  });
});
