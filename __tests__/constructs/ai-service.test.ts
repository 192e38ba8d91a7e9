/**
 * AiService: the five objects it installs for each backend (ConfigMap, ServiceAccount, Deployment,
 * Service, NetworkPolicy), the release holding them, and the props it refuses.
 */
import { Testing, TerraformStack } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { AiService, AiServiceBackend, AiServiceBackends, AiServiceProps } from '../../constructs/ai-service';
import { Namespace } from '../../constructs/namespace';
import { renderedValues, resolve } from '../stacks/helpers';

const LOCAL: AiServiceBackend = { kind: 'local-llm', endpoint: 'http://workspace-phi.pets.svc/v1', modelName: 'phi-4-mini-instruct' };
const AZURE: AiServiceBackend = AiServiceBackends.azureOpenAi({
  endpoint: 'https://oai-demo.openai.azure.com/',
  deploymentName: 'gpt-4.1-mini',
  apiVersion: '2024-12-01-preview',
  clientId: '00000000-0000-0000-0000-0000000000c1',
});

/** An AiService in a fresh stack, in namespace `namespaceName`. */
function build(props: Partial<Omit<AiServiceProps, 'namespace'>> = {}, namespaceName = 'pets') {
  const stack = new TerraformStack(Testing.app(), 'x');
  const namespace = new Namespace(stack, 'Namespace', { name: namespaceName });
  const service = new AiService(stack, 'AiService', { namespace, backend: LOCAL, ...props });
  return { stack, namespace, service };
}

/** The object of `kind` among the AiService's objects, Terraform tokens resolved. */
function objectOf(built: ReturnType<typeof build>, kind: string): Record<string, any> {
  const found = built.service.objects.filter((o) => o.kind === kind);
  expect(found).toHaveLength(1);
  return resolve(built.stack, found[0]) as Record<string, any>;
}

const METADATA = { name: 'ai-service', namespace: 'pets', labels: { app: 'ai-service' } };

/** The ai-service container as installed with `image` (every backend reads its ConfigMap the same way). */
const container = (image: string) => ({
  name: 'ai-service',
  image,
  imagePullPolicy: 'Always',
  ports: [{ name: 'http', containerPort: 5001, protocol: 'TCP' }],
  envFrom: [{ configMapRef: { name: 'ai-service-configs' } }],
  resources: { requests: { cpu: '20m', memory: '50Mi' }, limits: { cpu: '50m', memory: '128Mi' } },
  startupProbe: { httpGet: { path: '/health', port: 5001 }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30 },
  readinessProbe: {
    httpGet: { path: '/health', port: 5001 },
    initialDelaySeconds: 3,
    periodSeconds: 10,
    timeoutSeconds: 3,
    failureThreshold: 10,
  },
  livenessProbe: { tcpSocket: { port: 5001 }, initialDelaySeconds: 3, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 10 },
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } },
  volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
});

describe('with the local LLM backend and the defaults', () => {
  const built = build();

  test('keeps the backend and the local-LLM environment contract of ai-service 2.x', () => {
    expect(built.service.backend).toBe(LOCAL);
    expect(built.service.environment).toEqual({
      USE_LOCAL_LLM: 'True',
      LOCAL_LLM_ENDPOINT: 'http://workspace-phi.pets.svc/v1',
      LOCAL_LLM_MODEL: 'phi-4-mini-instruct',
    });
    expect(built.service.objects.map((o) => o.kind)).toEqual(['ConfigMap', 'ServiceAccount', 'Deployment', 'Service', 'NetworkPolicy']);
  });

  test('the ConfigMap holds that environment', () => {
    expect(objectOf(built, 'ConfigMap')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'ai-service-configs', namespace: 'pets', labels: { app: 'ai-service' } },
      data: built.service.environment,
    });
  });

  test('the ServiceAccount mounts no token and carries no workload identity', () => {
    expect(objectOf(built, 'ServiceAccount')).toEqual({
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'ai-service-account', namespace: 'pets', labels: { app: 'ai-service' } },
      automountServiceAccountToken: false,
    });
  });

  test('the Deployment: one replica on Linux, non-root, hardened container, rolled when the environment changes', () => {
    expect(objectOf(built, 'Deployment')).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: METADATA,
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'ai-service' } },
        template: {
          metadata: {
            labels: { app: 'ai-service' },
            annotations: {
              'kaito-aks/config-sha256':
                '${sha256(jsonencode({"USE_LOCAL_LLM" = "True", "LOCAL_LLM_ENDPOINT" = "http://workspace-phi.pets.svc/v1", "LOCAL_LLM_MODEL" = "phi-4-mini-instruct"}))}',
            },
          },
          spec: {
            serviceAccountName: 'ai-service-account',
            automountServiceAccountToken: false,
            nodeSelector: { 'kubernetes.io/os': 'linux' },
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [container('ghcr.io/azure-samples/aks-store-demo/ai-service:2.2.0')],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          },
        },
      },
    });
  });

  test("the Service: ClusterIP on port 5001, named 'http', selecting the Deployment's pods", () => {
    expect(objectOf(built, 'Service')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: METADATA,
      spec: {
        type: 'ClusterIP',
        selector: { app: 'ai-service' },
        ports: [{ name: 'http', port: 5001, targetPort: 5001, protocol: 'TCP' }],
      },
    });
  });

  test("the NetworkPolicy lets in only the store app's callers and kube-system, on port 5001", () => {
    expect(objectOf(built, 'NetworkPolicy')).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: METADATA,
      spec: {
        podSelector: { matchLabels: { app: 'ai-service' } },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [
              { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['product-service', 'store-admin'] }] } },
              { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
            ],
            ports: [{ port: 5001, protocol: 'TCP' }],
          },
        ],
      },
    });
  });

  test('the release ai-service in pets installs exactly these objects, after the namespace', () => {
    const resource = JSON.parse(Testing.synth(built.stack)).resource as Record<string, Record<string, Record<string, unknown>>>;
    const releases = Object.values(resource[Release.tfResourceType]);
    expect(releases).toHaveLength(1);
    expect(releases[0]).toMatchObject({
      name: 'ai-service',
      namespace: 'pets',
      wait: true,
      atomic: true,
      cleanup_on_fail: true,
      timeout: 300,
    });
    expect(releases[0].depends_on).toEqual(Object.keys(resource.kubernetes_namespace_v1).map((id) => `kubernetes_namespace_v1.${id}`));
    expect(renderedValues(releases[0])).toEqual({ objects: resolve(built.stack, built.service.objects) });
    expect(built.service.manifest.objects).toBe(built.service.objects);
  });
});

describe('with the Azure OpenAI backend and every prop given', () => {
  const built = build({ backend: AZURE, image: 'mirror.example.com/ai-service:2.2.1', replicas: 3, clientApps: ['store-admin'] });

  test('the Azure OpenAI environment: Entra ID, no key', () => {
    expect(built.service.environment).toEqual({
      USE_AZURE_OPENAI: 'True',
      USE_AZURE_AD: 'True',
      AZURE_OPENAI_ENDPOINT: 'https://oai-demo.openai.azure.com/',
      AZURE_OPENAI_DEPLOYMENT_NAME: 'gpt-4.1-mini',
      AZURE_OPENAI_API_VERSION: '2024-12-01-preview',
    });
    expect(objectOf(built, 'ConfigMap').data).toEqual(built.service.environment);
  });

  test('the ServiceAccount names the workload identity client', () => {
    expect(objectOf(built, 'ServiceAccount').metadata).toEqual({
      name: 'ai-service-account',
      namespace: 'pets',
      labels: { app: 'ai-service' },
      annotations: { 'azure.workload.identity/client-id': '00000000-0000-0000-0000-0000000000c1' },
    });
  });

  test('the pods use workload identity; replicas and image are the ones given', () => {
    const spec = objectOf(built, 'Deployment').spec;
    expect(spec.replicas).toBe(3);
    expect(spec.selector).toEqual({ matchLabels: { app: 'ai-service' } });
    expect(spec.template.metadata.labels).toEqual({ app: 'ai-service', 'azure.workload.identity/use': 'true' });
    expect(spec.template.metadata.annotations).toEqual({
      'kaito-aks/config-sha256':
        '${sha256(jsonencode({"USE_AZURE_OPENAI" = "True", "USE_AZURE_AD" = "True", "AZURE_OPENAI_ENDPOINT" = "https://oai-demo.openai.azure.com/", "AZURE_OPENAI_DEPLOYMENT_NAME" = "gpt-4.1-mini", "AZURE_OPENAI_API_VERSION" = "2024-12-01-preview"}))}',
    });
    expect(spec.template.spec.containers).toEqual([container('mirror.example.com/ai-service:2.2.1')]);
  });

  test('the NetworkPolicy lets in only the callers given (and kube-system)', () => {
    expect(objectOf(built, 'NetworkPolicy').spec.ingress[0].from).toEqual([
      { podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['store-admin'] }] } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
    ]);
  });
});

test('AiServiceBackends.localLlm takes the endpoint and model name of a Workspace', () => {
  const workspace = { endpoint: 'http://workspace-x.pets.svc/v1', modelName: 'falcon-7b-instruct' } as Parameters<
    typeof AiServiceBackends.localLlm
  >[0];
  expect(AiServiceBackends.localLlm(workspace)).toEqual({
    kind: 'local-llm',
    endpoint: 'http://workspace-x.pets.svc/v1',
    modelName: 'falcon-7b-instruct',
  });
});

test.each([0, -1, 1.5])('fails when replicas is %p, naming the construct, the prop and the value', (replicas) => {
  expect(() => build({ replicas })).toThrow(new Error(`AiService replicas must be a whole number of 1 or more, got ${replicas}`));
});

test.each(['default', 'store'])('fails when the namespace is %j, not the one the federated credential names', (name) => {
  expect(() => build({}, name)).toThrow(
    new Error(`AiService namespace must be "pets" (the federated credential's subject), got "${name}"`),
  );
});

test('fails when clientApps is empty', () => {
  expect(() => build({ clientApps: [] })).toThrow(
    new Error('AiService clientApps must name at least one caller, got an empty list: nothing could call ai-service'),
  );
});
