/**
 * Azure access for `preflight`: a token from the user's existing login (`DefaultAzureCredential`
 * covers `az login`, `azd auth login`, environment credentials and managed identity), the ARM
 * compute client's usage and resource SKU lists, the Kubernetes versions AKS offers in the region
 * (through the compute package's REST-level client, `@azure/arm-compute/api`, with the same login), and
 * the authorization client's list of the caller's permissions in a resource group. The SDK is loaded
 * only when preflight runs.
 */
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { TokenCredential } from '@azure/identity';
import { KUBERNETES_VERSIONS_API_VERSION, KubernetesVersionRecord } from './kubernetes-offer';
import type { PermissionRecord } from './permissions';
import type { SkuRecord, UsageRecord } from './quota';

/** The HTTP client type of the ARM pipeline, as the compute client's options name it. */
type HttpClient = NonNullable<NonNullable<ConstructorParameters<typeof ComputeManagementClient>[2]>['httpClient']>;

/** The part of `@azure/arm-compute/api` (its REST-level client over the same ARM pipeline) the versions call uses. */
interface ComputeRestModule {
  createComputeManagement(
    credential: TokenCredential,
    subscriptionId: string,
    options: { httpClient?: HttpClient; retryOptions?: { maxRetries?: number } },
  ): {
    path(
      path: string,
      ...pathParameters: string[]
    ): { get(options: { queryParameters: Record<string, string> }): Promise<{ status: string; body: unknown }> };
  };
}

/** The ARM scope the token is asked for. */
export const ARM_SCOPE = 'https://management.azure.com/.default';

/** The result of signing in: a usable login, or why there is none. */
export type SignIn = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** What `preflight` asks of Azure. */
export interface AzureAccess {
  /** Gets an ARM token from the user's login; never throws. */
  signIn(): Promise<SignIn>;
  /** The regional vCPU usage lines of the subscription. */
  usages(location: string): Promise<UsageRecord[]>;
  /** The Compute resource SKUs offered in the region. */
  skus(location: string): Promise<SkuRecord[]>;
  /** The caller's permissions in a resource group; undefined when the group does not exist (yet). */
  permissions(resourceGroup: string): Promise<PermissionRecord[] | undefined>;
  /** The Kubernetes minor versions AKS offers in the region (`az aks get-versions`). */
  kubernetesVersions(location: string): Promise<KubernetesVersionRecord[]>;
  /**
   * The subscription's Cognitive Services usage lines in the region (Azure OpenAI tokens per minute
   * per SKU and model, e.g. `OpenAI.GlobalStandard.gpt-4.1-mini`, in thousands).
   */
  openAiUsages(location: string): Promise<UsageRecord[]>;
}

/** The Cognitive Services API version of the location usages list (`Usages_List`, GA since 2023-05-01). */
export const COGNITIVE_SERVICES_API_VERSION = '2024-10-01';

/** Options of {@link azureAccess}; the tests pass a credential and an in-process HTTP client. */
export interface AzureAccessOptions {
  /** Subscription to read. */
  readonly subscriptionId: string;
  /**
   * Credential.
   * @default - DefaultAzureCredential
   */
  readonly credential?: TokenCredential;
  /**
   * HTTP client of the ARM pipeline.
   * @default - the SDK's own
   */
  readonly httpClient?: HttpClient;
  /**
   * Give up signing in after this long, milliseconds.
   * @default 30000
   */
  readonly signInTimeoutMs?: number;
}

/** Loads the Azure SDK and returns {@link AzureAccess} for one subscription. */
export async function azureAccess(options: AzureAccessOptions): Promise<AzureAccess> {
  const [{ DefaultAzureCredential }, { ComputeManagementClient }] = await Promise.all([
    import('@azure/identity'),
    import('@azure/arm-compute'),
  ]);
  const credential = options.credential ?? new DefaultAzureCredential();
  const client = new ComputeManagementClient(credential, options.subscriptionId, {
    httpClient: options.httpClient,
    retryOptions: { maxRetries: 2 },
  });
  return {
    async signIn() {
      try {
        const token = await credential.getToken(ARM_SCOPE, { abortSignal: AbortSignal.timeout(options.signInTimeoutMs ?? 30_000) });
        return token ? { ok: true } : { ok: false, reason: 'the credential returned no token' };
      } catch (err) {
        return { ok: false, reason: signInFailure(err) };
      }
    },
    async usages(location) {
      const out: UsageRecord[] = [];
      for await (const usage of client.usage.list(location)) out.push(usage);
      return out;
    },
    async skus(location) {
      const out: SkuRecord[] = [];
      for await (const sku of client.resourceSkus.list({ filter: `location eq '${location}'` })) out.push(sku);
      return out;
    },
    async kubernetesVersions(location) {
      // a subpath export, which this project's `moduleResolution: node` cannot type: typed here
      const { createComputeManagement } = (await import('@azure/arm-compute/api' as string)) as ComputeRestModule;
      const rest = createComputeManagement(credential, options.subscriptionId, {
        httpClient: options.httpClient,
        retryOptions: { maxRetries: 2 },
      });
      const response = await rest
        .path(
          '/subscriptions/{subscriptionId}/providers/Microsoft.ContainerService/locations/{location}/kubernetesVersions',
          options.subscriptionId,
          location,
        )
        .get({ queryParameters: { 'api-version': KUBERNETES_VERSIONS_API_VERSION } });
      if (response.status !== '200') {
        const error = (response.body as { error?: { code?: string; message?: string } } | undefined)?.error;
        throw Object.assign(new Error(`${error?.code ?? 'HTTP error'}: ${error?.message ?? 'no message'}`), {
          statusCode: Number(response.status),
        });
      }
      return (response.body as { values?: KubernetesVersionRecord[] }).values ?? [];
    },
    async openAiUsages(location) {
      const { createDefaultHttpClient, createPipelineRequest } = await import('@azure/core-rest-pipeline');
      const http = options.httpClient ?? createDefaultHttpClient();
      const out: UsageRecord[] = [];
      let url: string | undefined =
        `https://management.azure.com/subscriptions/${options.subscriptionId}/providers/Microsoft.CognitiveServices/locations/${encodeURIComponent(location)}/usages?api-version=${COGNITIVE_SERVICES_API_VERSION}`;
      // the compute client's pipeline: the same token, retries and HTTP client
      while (url) {
        const res = await client.pipeline.sendRequest(http, createPipelineRequest({ url, method: 'GET' }));
        const body = JSON.parse(res.bodyAsText ?? '{}') as { value?: UsageRecord[]; nextLink?: string; error?: { message?: string } };
        if (res.status < 200 || res.status > 299) {
          throw Object.assign(new Error(body.error?.message ?? `HTTP ${res.status}`), { statusCode: res.status });
        }
        out.push(...(body.value ?? []));
        url = body.nextLink;
      }
      return out;
    },
    async permissions(resourceGroup) {
      const { AuthorizationManagementClient } = await import('@azure/arm-authorization');
      const authorization = new AuthorizationManagementClient(credential, options.subscriptionId, {
        httpClient: options.httpClient,
        retryOptions: { maxRetries: 2 },
      });
      const out: PermissionRecord[] = [];
      try {
        for await (const permission of authorization.permissions.listForResourceGroup(resourceGroup)) out.push(permission);
      } catch (err) {
        // ResourceGroupNotFound: nothing to ask about before the first provision creates the group
        if ((err as { statusCode?: number }).statusCode === 404) return undefined;
        throw err;
      }
      return out;
    },
  };
}

/** One line on why signing in failed, from the identity library's error. */
export function signInFailure(err: unknown): string {
  const e = err as { name?: string; message?: string };
  const first = (e.message ?? String(err)).split('\n').find((l) => l.trim() !== '') ?? '';
  if (e.name === 'CredentialUnavailableError' || e.name === 'AggregateAuthenticationError') {
    return 'not signed in: no credential of DefaultAzureCredential found a login (Azure CLI, Azure Developer CLI, environment, managed identity)';
  }
  if (e.name === 'AbortError' || e.name === 'TimeoutError') return 'no token within the time limit';
  return `${e.name ?? 'Error'}: ${first.trim()}`;
}
