/**
 * engines/pod-security-cases.ts, the input of the lead's real-API-server Pod Security check: the pods
 * are Kaito's, the namespace labels ours, and synth refuses exactly the presets those labels would
 * refuse (issue 27 item 2).
 */
import { appNamespaceLabels, podSecurityCases } from '../../engines/pod-security-cases';

test('the Workspace namespace enforces baseline and warns at restricted', () => {
  expect(appNamespaceLabels()).toEqual({
    'pod-security.kubernetes.io/enforce': 'baseline',
    'pod-security.kubernetes.io/warn': 'restricted',
    'app.kubernetes.io/managed-by': 'kaito-aks',
  });
});

describe.each(['0.10.0', '0.12.0'] as const)('Kaito %s', (release) => {
  const cases = podSecurityCases(release);

  test('one case per preset and alias, with the level Kaito recorded equal to our catalog', () => {
    expect(cases).toHaveLength(release === '0.10.0' ? 58 : 85);
    expect(cases.filter((c) => c.recordedLevel !== c.catalogLevel)).toEqual([]);
  });

  test('GIVEN our namespace labels WHEN a pod needs more than baseline THEN synth refuses its preset, and only then for Pod Security', () => {
    for (const c of cases) {
      const refusedForPodSecurity = c.refusal?.includes('Pod Security') === true;
      expect([c.model, refusedForPodSecurity]).toEqual([c.model, c.recordedLevel === 'privileged']);
    }
  });

  test("the pods are Kaito's: the hostPath ones mount /opt/kaito/cuda/129, volumeClaimTemplates become PVC volumes", () => {
    for (const c of cases) {
      const volumes = (c.pod.spec as { volumes: { hostPath?: { path: string }; persistentVolumeClaim?: unknown }[] }).volumes;
      expect([c.model, volumes.some((v) => v.hostPath?.path === '/opt/kaito/cuda/129')]).toEqual([
        c.model,
        c.recordedLevel === 'privileged',
      ]);
    }
    expect(
      cases.some((c) => (c.pod.spec as { volumes: { persistentVolumeClaim?: unknown }[] }).volumes.some((v) => v.persistentVolumeClaim)),
    ).toBe(true);
  });
});
