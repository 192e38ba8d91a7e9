import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parsed, resolve, synthesize } from '../stacks/helpers';

interface Result {
  id: string;
  valid: boolean;
  error?: string;
}

/** Validates objects against the Kubernetes 1.33 API schemas (kubernetes-models 4.5.1; verify checks 1.34 with kubeconform) in a child node process. */
function validate(objects: unknown[]): Result[] {
  const run = spawnSync(process.execPath, [join(__dirname, 'validate-kubernetes.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    cwd: join(__dirname, '..', '..'),
  });
  if (run.status !== 0) throw new Error(`validator failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Result[];
}

/** Every core Kubernetes object the program emits for an environment, tokens resolved to strings. */
function emitted(env: Record<string, string>): unknown[] {
  const { kaito, kaitoJson } = synthesize(env);
  const namespaces = Object.values(parsed(kaitoJson).resource.kubernetes_namespace_v1).map((r) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: r.metadata,
  }));
  return [...namespaces, ...(resolve(kaito, kaito.aiService.objects) as unknown[])];
}

test('every object validates against the Kubernetes 1.33 schemas, for both ai-service backends', () => {
  const objects = [...emitted({}), ...emitted({ DEPLOY_AZURE_OPENAI: 'true' })];
  const results = validate(objects);
  const perBackend = [
    'v1 Namespace/pets',
    'v1 ConfigMap/ai-service-configs',
    'v1 ServiceAccount/ai-service-account',
    'apps/v1 Deployment/ai-service',
    'v1 Service/ai-service',
    'networking.k8s.io/v1 NetworkPolicy/ai-service',
  ];
  expect(results.map((r) => r.id)).toEqual([...perBackend, ...perBackend]);
  expect(results.filter((r) => !r.valid)).toEqual([]);
});

test('the validator rejects a broken object', () => {
  const [result] = validate([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ai-service' }, spec: { ports: [{ port: '5001' }] } }]);
  expect(result.valid).toBe(false);
  expect(result.error).toContain('port must be integer');
});
