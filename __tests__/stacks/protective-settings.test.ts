/**
 * The settings that protect an apply or the cluster, asserted one by one rather than through the
 * snapshots: a routine snapshot update would accept a lost `atomic` or a wider role scope.
 */
import { Release } from '@cdktf/provider-helm/lib/release';
import { resolve, resources, synthesize } from './helpers';

/** The helm_release resources of a synthesized stack, by release name, with their logical IDs. */
function releases(json: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(resources(json, Release.tfResourceType)).map(([id, r]) => [r.name as string, { ...r, id }]));
}

/** What Terraform references a resource by: `<type>.<logical id>`. */
const address = (type: string, id: unknown) => `${type}.${String(id)}`;

describe.each([
  ['the default (local LLM)', {}],
  ['Azure OpenAI', { DEPLOY_AZURE_OPENAI: 'true' }],
  ['Kaito 0.12.0', { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' }],
])('Helm releases protect the apply, %s', (_name, env) => {
  const { kaitoJson } = synthesize(env);
  const byName = releases(kaitoJson);
  const namespace = Object.keys(resources(kaitoJson, 'kubernetes_namespace_v1'));
  const pets = address('kubernetes_namespace_v1', namespace[0]);
  const workspaceRelease = Object.keys(byName).find((n) => n.startsWith('workspace-')) as string;

  test('exactly the five releases', () => {
    expect(namespace).toHaveLength(1);
    expect(Object.keys(byName).sort()).toEqual(['ai-service', 'aks-store-demo', 'gpu-provisioner', 'workspace', workspaceRelease].sort());
  });

  // release, namespace, Helm timeout in seconds, whether Helm creates the namespace
  test.each([
    ['gpu-provisioner', 'gpu-provisioner', 600, true],
    ['workspace', 'kaito-workspace', 600, true],
    ['aks-store-demo', 'pets', 600, undefined],
    ['ai-service', 'pets', 300, undefined],
    ['<the Workspace>', 'pets', 1800, undefined],
  ])('%s: waits, rolls back on failure, cleans up, in %s, timeout %i s', (name, ns, timeout, createNamespace) => {
    const release = byName[name === '<the Workspace>' ? workspaceRelease : name];
    expect(release.wait).toBe(true);
    expect(release.atomic).toBe(true);
    expect(release.cleanup_on_fail).toBe(true);
    expect(release.timeout).toBe(timeout);
    expect(release.namespace).toBe(ns);
    expect(release.create_namespace).toBe(createNamespace);
  });

  test('order: the operators first, then the NodeClaims gate, then the Workspace; the app releases after their namespace', () => {
    expect(byName['gpu-provisioner'].depends_on).toBeUndefined();
    expect(byName.workspace.depends_on).toBeUndefined();
    const [gateId] = Object.keys(resources(kaitoJson, 'terraform_data'));
    // destroyed in reverse: the Workspace, then the gate (which waits for its NodeClaims), then the operators
    expect(resources(kaitoJson, 'terraform_data')[gateId].depends_on).toEqual([
      address('helm_release', byName['gpu-provisioner'].id),
      address('helm_release', byName.workspace.id),
    ]);
    expect(byName[workspaceRelease].depends_on).toEqual([
      address('helm_release', byName['gpu-provisioner'].id),
      address('helm_release', byName.workspace.id),
      address('terraform_data', gateId),
      pets,
    ]);
    expect(byName['aks-store-demo'].depends_on).toEqual([pets]);
    expect(byName['ai-service'].depends_on).toEqual([pets]);
  });
});

test('Helm releases protect the apply with the AKS add-on: the Workspace waits for its namespace only', () => {
  const { kaitoJson } = synthesize({ KAITO_INSTALL: 'aks-addon' });
  const byName = releases(kaitoJson);
  const workspace = byName['workspace-falcon-7b-instruct'];
  expect(workspace).toMatchObject({ wait: true, atomic: true, cleanup_on_fail: true, timeout: 1800 });
  expect(workspace.depends_on).toEqual([
    address('kubernetes_namespace_v1', Object.keys(resources(kaitoJson, 'kubernetes_namespace_v1'))[0]),
  ]);
});

describe('security settings, one by one', () => {
  const { infraJson, kaitoJson, kaito } = synthesize({ DEPLOY_AZURE_OPENAI: 'true' });
  const [configMap, serviceAccount, deployment] = kaito.aiService.objects as unknown as Record<string, any>[];
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('ai-service pod: a high non-root UID and GID, the runtime seccomp profile, no API token on pod or account', () => {
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(serviceAccount.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe(serviceAccount.metadata.name);
  });

  test('ai-service container: pulled on every start, a small writable /tmp only, its config from the ConfigMap', () => {
    expect(container.imagePullPolicy).toBe('Always');
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
    expect(container.envFrom).toEqual([{ configMapRef: { name: configMap.metadata.name } }]);
  });

  test('ai-service with Azure OpenAI: workload identity on the pod and the account, Entra ID auth, no key', () => {
    expect(deployment.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(resolve(kaito, serviceAccount.metadata.annotations['azure.workload.identity/client-id'])).toMatch(
      /^\$\{data\.azurerm_user_assigned_identity\.[^.]+\.client_id\}$/,
    );
    expect(configMap.data.USE_AZURE_AD).toBe('True');
    expect(JSON.stringify(configMap.data)).not.toMatch(/KEY/i);
  });

  test('namespace pets enforces Pod Security baseline and warns at restricted', () => {
    const [ns] = Object.values(resources(kaitoJson, 'kubernetes_namespace_v1')) as {
      metadata: { name: string; labels: Record<string, string> };
    }[];
    expect(ns.metadata.name).toBe('pets');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('baseline');
    expect(ns.metadata.labels['pod-security.kubernetes.io/warn']).toBe('restricted');
  });

  test('the cluster: Azure Policy, Cilium network policy, patch and node image upgrades, logs without workspace keys', () => {
    const [cluster] = Object.values(resources(infraJson, 'azurerm_kubernetes_cluster')) as Record<string, any>[];
    expect(cluster.azure_policy_enabled).toBe(true);
    expect(cluster.local_account_disabled).toBe(true);
    expect(cluster.identity).toEqual({ type: 'SystemAssigned' });
    expect(cluster.network_profile).toMatchObject({ network_plugin: 'azure', network_plugin_mode: 'overlay', network_policy: 'cilium' });
    expect(cluster.automatic_upgrade_channel).toBe('patch');
    expect(cluster.node_os_upgrade_channel).toBe('NodeImage');
    expect(cluster.oms_agent).toMatchObject({ msi_auth_for_monitoring_enabled: true });
    const [logs] = Object.values(resources(infraJson, 'azurerm_log_analytics_workspace'));
    expect(logs.local_authentication_enabled).toBe(false);
  });

  test('every federated credential: the cluster issuer, the token-exchange audience, one ServiceAccount each', () => {
    const credentials = Object.values(resources(infraJson, 'azurerm_federated_identity_credential'));
    expect(credentials.map((c) => c.subject).sort()).toEqual([
      'system:serviceaccount:gpu-provisioner:gpu-provisioner',
      'system:serviceaccount:pets:ai-service-account',
    ]);
    for (const c of credentials) {
      expect(c.audience).toEqual(['api://AzureADTokenExchange']);
      expect(String(c.issuer)).toMatch(/^\$\{azurerm_kubernetes_cluster\.[^.]+\.oidc_issuer_url\}$/);
    }
  });

  test('every role assignment: the custom node-pool role or one of two built-in roles, scoped to one resource, a service principal type for our identities', () => {
    const assignments = Object.values(resources(infraJson, 'azurerm_role_assignment'));
    const custom = '${azurerm_role_definition.Cluster_NodeProvisioningRole_3F808F9F.role_definition_resource_id}';
    const roles = assignments.map((a) => String(a.role_definition_id)).sort();
    // gpu-provisioner: the custom role (no Contributor by default); the OpenAI user and AKS RBAC roles by definition ID
    expect(roles.filter((r) => r !== custom).map((r) => r.split('/').pop())).toEqual(
      ['5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b'].sort(),
    );
    expect(roles.filter((r) => r === custom)).toHaveLength(1);
    expect(roles.join(' ')).not.toContain('b24988ac-6180-42a0-ab88-20f7382dd24c'); // Contributor
    for (const a of assignments) {
      if (a.role_definition_id !== custom) {
        expect(String(a.role_definition_id)).toMatch(
          /^\$\{data\.azurerm_subscription\.Subscription\.id\}\/providers\/Microsoft\.Authorization\/roleDefinitions\//,
        );
      }
      expect(a.description).toEqual(expect.any(String));
      if (String(a.principal_id).includes('azurerm_user_assigned_identity')) expect(a.principal_type).toBe('ServicePrincipal');
      else expect(a.principal_type).toBeUndefined();
    }
  });
});
