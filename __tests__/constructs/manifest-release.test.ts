/**
 * ManifestRelease: the objects it installs, the chart it ships them in, the Helm release it
 * synthesizes, and the objects it refuses (those of another namespace).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { KubernetesObject, MANIFEST_CHART_DIR, ManifestRelease, ManifestReleaseProps } from '../../constructs/manifest-release';

const configMap: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'pets' },
  data: { a: 'b' },
};
// cluster-scoped: no namespace
const priorityClass: KubernetesObject = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'low' }, value: 10 };

function build(props: Partial<ManifestReleaseProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'x');
  const release = new ManifestRelease(stack, 'Store', {
    releaseName: 'store',
    namespace: 'pets',
    objects: [configMap, priorityClass],
    ...props,
  });
  const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  return { release, json };
}

test('ships the chart in constructs/manifest-chart', () => {
  expect(MANIFEST_CHART_DIR).toBe(join(__dirname, '..', '..', 'constructs', 'manifest-chart'));
  expect(existsSync(join(MANIFEST_CHART_DIR, 'Chart.yaml'))).toBe(true);
});

test('installs objects of its namespace and cluster-scoped ones, atomically, waiting 300 s by default', () => {
  const { release, json } = build();
  expect(release.objects).toEqual([configMap, priorityClass]);
  expect(Object.values(json.resource.helm_release)[0]).toMatchObject({
    name: 'store',
    namespace: 'pets',
    wait: true,
    timeout: 300,
    atomic: true,
    cleanup_on_fail: true,
  });
});

test('takes wait and timeout as given', () => {
  expect(Object.values(build({ wait: false, timeoutSeconds: 60 }).json.resource.helm_release)[0]).toMatchObject({
    wait: false,
    timeout: 60,
  });
});

test('fails when an object is in another namespace than the release', () => {
  const stray: KubernetesObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'default' } };
  expect(() => build({ objects: [configMap, stray] })).toThrow(
    'ManifestRelease store: Secret/token is in namespace default, not the release namespace pets',
  );
});
