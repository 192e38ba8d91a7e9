import { Release } from '@cdktf/provider-helm/lib/release';
import type { KaitoOperator } from '../../constructs/kaito-operator';
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { COMBINATIONS, helmOperator, parsed, renderedValues, resolve, resources, synthesize } from './helpers';

describe.each(Object.entries(COMBINATIONS))('kaito-stack snapshot: %s', (_name, env) => {
  test('matches the reviewed snapshot', () => {
    expect(synthesize(env).kaitoJson).toMatchSnapshot();
  });
});

/** The helm_release resources of a synthesized stack, by release name. */
function releases(json: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(resources(json, Release.tfResourceType)).map(([id, r]) => [r.name as string, { ...r, id }]));
}

describe.each([
  ['0.10.0', {}, '0.4.1'],
  ['0.12.0', { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' }, '0.4.3'],
])('kaito-stack on release train %s', (version, env, provisionerChart) => {
  const { kaitoJson: json, kaito } = synthesize(env);
  const byName = releases(json);

  test('gpu-provisioner: live chart repo, train version, its own namespace, release name = ServiceAccount', () => {
    expect(byName['gpu-provisioner']).toMatchObject({
      repository: 'https://azure.github.io/gpu-provisioner/charts',
      chart: 'gpu-provisioner',
      version: provisionerChart,
      namespace: 'gpu-provisioner',
      create_namespace: true,
    });
  });

  test('workspace (the Kaito controller): kaito-project chart repo, train version, kaito-workspace namespace', () => {
    expect(byName.workspace).toMatchObject({
      repository: 'https://kaito-project.github.io/kaito/charts/kaito',
      chart: 'workspace',
      version,
      namespace: 'kaito-workspace',
    });
  });

  test('gpu-provisioner values: workload identity and the full controller.env list of chart 0.4.x', () => {
    const values = resolve(kaito, helmOperator(kaito).gpuProvisionerValues) as KaitoOperator['gpuProvisionerValues'];
    expect(values.workloadIdentity.clientId).toContain('data.azurerm_user_assigned_identity');
    expect(values.controller.env.map((e) => e.name)).toEqual([
      'ARM_SUBSCRIPTION_ID',
      'LOCATION',
      'AZURE_CLUSTER_NAME',
      'ARM_RESOURCE_GROUP',
      'LEADER_ELECT',
      'E2E_TEST_MODE',
    ]);
    const env = Object.fromEntries(values.controller.env.map((e) => [e.name, e.value]));
    expect(env.LEADER_ELECT).toBe('false');
    // the cluster's resource group, not the node resource group
    expect(env.ARM_RESOURCE_GROUP).toMatch(/data\.azurerm_kubernetes_cluster\.[^.]+\.resource_group_name/);
    // and Helm gets what the construct holds, references filled in by Terraform
    expect(renderedValues(byName['gpu-provisioner'])).toEqual(values);
  });

  test('workspace values: cluster name and the train feature gates, vLLM on', () => {
    expect(helmOperator(kaito).workspaceValues.featureGates).toEqual({ vLLM: true, disableNodeAutoProvisioning: false });
    expect(renderedValues(byName.workspace)).toEqual(resolve(kaito, helmOperator(kaito).workspaceValues));
  });

  test('the Workspace release waits for both operator releases and the namespace (and is destroyed before them)', () => {
    const workspace = byName[kaito.workspace.workspaceName];
    expect(workspace.depends_on).toEqual([
      `helm_release.${byName['gpu-provisioner'].id}`,
      `helm_release.${byName.workspace.id}`,
      expect.stringMatching(/^terraform_data\.Kaito_WorkspaceNodeClaimsGate_/),
      expect.stringMatching(/^kubernetes_namespace_v1\./),
    ]);
    expect(workspace).toMatchObject({ namespace: 'pets', wait: true, timeout: 1800 });
    expect(String(workspace.chart)).toMatch(/^assets\/ManifestChart\/[0-9A-F]+$/);
  });

  test('the Workspace object: v1beta1, instance type, own label selector, preset, node count, internal Service', () => {
    const w = kaito.workspace.workspace as Record<string, any>;
    expect(w.apiVersion).toBe('kaito.sh/v1beta1');
    expect(w.metadata).toEqual({ name: kaito.workspace.workspaceName, namespace: 'pets' });
    // falcon-7b-instruct (0.10.0) and phi-4-mini-instruct (0.12.0) both land on the A10 size
    expect(w.resource.instanceType).toBe('Standard_NV36ads_A10_v5');
    expect(w.resource.count).toBe(1);
    expect(Object.keys(w.resource.labelSelector.matchLabels)).toEqual(['apps']);
    expect(w.inference.preset.name).toBe(version === '0.10.0' ? 'falcon-7b-instruct' : 'phi-4-mini-instruct');
    expect(JSON.stringify(w)).not.toContain('kaito.sh/enablelb');
  });

  test('the Workspace endpoint and model name', () => {
    const name = version === '0.10.0' ? 'workspace-falcon-7b-instruct' : 'workspace-phi-4-mini-instruct';
    expect(kaito.workspace.endpoint).toBe(`http://${name}.pets.svc/v1`);
    expect(parsed(json).output.KAITO_WORKSPACE_ENDPOINT.value).toBe(`http://${name}.pets.svc/v1`);
  });
});

describe('kaito-stack, store app and namespace', () => {
  const { kaitoJson: json, kaito } = synthesize();
  const byName = releases(json);

  test('store chart 1.6.0 in pets, its own ai-service off, every image on 2.2.0', () => {
    expect(byName['aks-store-demo']).toMatchObject({
      repository: 'https://azure-samples.github.io/aks-store-demo',
      chart: 'aks-store-demo-chart',
      version: '1.6.0',
      namespace: 'pets',
    });
    const values = kaito.storeApp.values as Record<string, { image?: { tag: string } }>;
    expect(values.aiService).toEqual({ create: false });
    const tags = Object.entries(values)
      .filter(([, v]) => typeof v === 'object' && v.image)
      .map(([, v]) => v.image?.tag);
    expect(tags).toHaveLength(7);
    expect(new Set(tags)).toEqual(new Set(['2.2.0']));
    expect(renderedValues(byName['aks-store-demo'])).toEqual(resolve(kaito, kaito.storeApp.values));
  });

  test('the manifest releases pass their objects to Helm as the constructs hold them', () => {
    expect(renderedValues(byName['ai-service'])).toEqual({ objects: resolve(kaito, kaito.aiService.objects) });
    expect(renderedValues(byName[kaito.workspace.workspaceName])).toEqual({ objects: [resolve(kaito, kaito.workspace.workspace)] });
  });

  test('the shop is public, the admin UI (no login) stays inside the cluster', () => {
    const values = kaito.storeApp.values as Record<string, { serviceType?: string }>;
    expect(values.storeFront.serviceType).toBe('LoadBalancer');
    expect(values.storeAdmin.serviceType).toBe('ClusterIP');
  });

  test('namespace pets with Pod Security labels', () => {
    expect(json).toHaveResourceWithProperties(NamespaceV1, {
      metadata: {
        name: 'pets',
        labels: {
          'app.kubernetes.io/managed-by': 'kaito-aks',
          'pod-security.kubernetes.io/enforce': 'baseline',
          'pod-security.kubernetes.io/warn': 'restricted',
        },
      },
    });
  });

  test('helm and kubernetes providers log in through kubelogin, with no credential or kubeconfig file', () => {
    const providers = parsed(json) as unknown as { provider: Record<string, any[]> };
    const helm = providers.provider.helm[0].kubernetes;
    const kubernetes = providers.provider.kubernetes[0];
    for (const p of [helm, kubernetes]) {
      expect(p.host).toMatch(/kube_config\[0\]\.host/);
      expect(p.config_path).toBeUndefined();
      expect(p.token).toBeUndefined();
      expect(p.client_key).toBeUndefined();
    }
    expect(helm.exec).toEqual({
      api_version: 'client.authentication.k8s.io/v1beta1',
      command: 'kubelogin',
      args: ['get-token', '--login', 'azurecli', '--server-id', '6dae42f8-4368-4678-94ff-3960e28e3630'],
    });
    expect(kubernetes.exec).toEqual([helm.exec]);
  });

  test('AKS_KUBELOGIN_MODE picks the kubelogin login', () => {
    const { kaitoJson } = synthesize({ AKS_KUBELOGIN_MODE: 'azd' });
    const providers = parsed(kaitoJson) as unknown as { provider: Record<string, any[]> };
    expect(providers.provider.helm[0].kubernetes.exec.args.slice(0, 3)).toEqual(['get-token', '--login', 'azd']);
    expect(providers.provider.kubernetes[0].exec[0].args.slice(0, 3)).toEqual(['get-token', '--login', 'azd']);
  });

  test('outputs: workspace, endpoint, model, backend and how to reach store-admin', () => {
    const outputs = parsed(json).output;
    expect(Object.keys(outputs).sort()).toEqual([
      'AI_SERVICE_BACKEND',
      'KAITO_MODEL_NAME',
      'KAITO_WORKSPACE_ENDPOINT',
      'KAITO_WORKSPACE_NAME',
      'STORE_ADMIN_COMMAND',
    ]);
    expect(outputs.STORE_ADMIN_COMMAND.value).toContain('kubectl port-forward service/store-admin 8080:80 -n pets');
  });
});

describe('ai-service backends', () => {
  test('local LLM: USE_LOCAL_LLM, the workspace /v1 base URL and the served model name', () => {
    const { kaito, kaitoJson } = synthesize();
    expect(kaito.aiService.environment).toEqual({
      USE_LOCAL_LLM: 'True',
      LOCAL_LLM_ENDPOINT: 'http://workspace-falcon-7b-instruct.pets.svc/v1',
      LOCAL_LLM_MODEL: 'falcon-7b-instruct',
    });
    expect(parsed(kaitoJson).output.AI_SERVICE_BACKEND.value).toBe('local-llm');
    // no workload identity in this mode
    expect(JSON.stringify(kaito.aiService.objects)).not.toContain('azure.workload.identity');
    expect(JSON.stringify(kaito.aiService.objects)).not.toContain('AI_ENDPOINT');
  });

  test.each([
    ['mistral-7b-instruct', 'mistral-7b-instruct-v0.3'],
    ['gemma-3-4b-instruct', 'gemma-3-4b-it'],
    ['ministral-3-8b-instruct', 'ministral-3-8b-instruct-2512'],
  ])('local LLM at Kaito 0.12.0: %s is asked for as %s, the name vLLM serves (issue 27)', (model, served) => {
    const { kaito, kaitoJson } = synthesize({ KAITO_VERSION: '0.12.0', KAITO_MODEL: model });
    expect(kaito.aiService.environment.LOCAL_LLM_MODEL).toBe(served);
    expect(parsed(kaitoJson).output.KAITO_MODEL_NAME.value).toBe(served);
    expect(kaito.workspace.workspace.inference).toEqual({ preset: { name: model } });
  });

  test('Azure OpenAI: Entra ID auth through workload identity, endpoint, deployment and API version', () => {
    const { kaito, kaitoJson } = synthesize({ DEPLOY_AZURE_OPENAI: 'true' });
    expect(resolve(kaito, kaito.aiService.environment)).toEqual({
      USE_AZURE_OPENAI: 'True',
      USE_AZURE_AD: 'True',
      AZURE_OPENAI_ENDPOINT: expect.stringContaining('data.azurerm_cognitive_account'),
      AZURE_OPENAI_DEPLOYMENT_NAME: 'gpt-4.1-mini',
      AZURE_OPENAI_API_VERSION: '2024-12-01-preview',
    });
    const [, serviceAccount, deployment] = resolve(kaito, kaito.aiService.objects) as unknown as Record<string, any>[];
    expect(serviceAccount.metadata.annotations['azure.workload.identity/client-id']).toContain('data.azurerm_user_assigned_identity');
    expect(deployment.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(JSON.stringify(kaito.aiService.objects)).not.toMatch(/API_KEY/);
    expect(parsed(kaitoJson).output.AI_SERVICE_BACKEND.value).toBe('azure-openai');
  });

  test('both backends use the same release and object names, so a switch upgrades in place', () => {
    const local = synthesize().kaito.aiService;
    const azure = synthesize({ DEPLOY_AZURE_OPENAI: 'true' }).kaito.aiService;
    const releaseName = (a: typeof local) => a.manifest.release.nameInput;
    const ids = (objects: readonly { kind: string; metadata: { name: string } }[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(ids(azure.objects)).toEqual(ids(local.objects));
    expect(ids(local.objects)).toEqual([
      'ConfigMap/ai-service-configs',
      'ServiceAccount/ai-service-account',
      'Deployment/ai-service',
      'Service/ai-service',
      'NetworkPolicy/ai-service',
    ]);
    expect(releaseName(azure)).toBe('ai-service');
    expect(releaseName(local)).toBe('ai-service');
  });

  test('secure by default: non-root, read-only root, no escalation, no capabilities, no API token, limits and probes', () => {
    const [, , deployment, service] = synthesize().kaito.aiService.objects as unknown as Record<string, any>[];
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(container.image).toBe('ghcr.io/azure-samples/aks-store-demo/ai-service:2.2.0');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.resources).toEqual({ requests: { cpu: '20m', memory: '50Mi' }, limits: { cpu: '50m', memory: '128Mi' } });
    for (const probe of ['startupProbe', 'readinessProbe']) {
      expect(container[probe].httpGet).toEqual({ path: '/health', port: 5001 });
    }
    // /health is silent while a completion runs: liveness must not hang on it (issue 27)
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 5001 });
    expect(service.spec).toMatchObject({ type: 'ClusterIP', ports: [{ port: 5001, targetPort: 5001 }] });
  });
});
