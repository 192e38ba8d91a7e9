import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { RELEASE_TRAINS, RELEASE_VERSIONS } from '../../catalog';
import { readChartFile } from '../../scripts/reference';
import { strict } from '../../verify/json-schema';
import { workspaceValidator } from '../validation/schemas';
import { allRecordedObjects, KubeObject } from './helpers';

const recorded = allRecordedObjects();
const ofKind = (kind: string) => recorded.filter((r) => r.object.kind === kind);

/** The gpu-provisioner chart versions the release trains pin. */
const GPU_PROVISIONER_CHARTS = [...new Set(RELEASE_VERSIONS.map((v) => RELEASE_TRAINS[v].gpuProvisionerChart.version))];

/** A validator for the karpenter.sh/v1 NodeClaim CRD the gpu-provisioner chart `version` installs (read from its package). */
function nodeClaimValidator(version: string) {
  const text = readChartFile(`gpu-provisioner-${version}.tgz`, 'gpu-provisioner/crds/karpenter.sh_nodeclaims.yaml');
  const crd = parse(text) as {
    spec: { versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[] };
  };
  const schema = strict(crd.spec.versions.find((v) => v.name === 'v1')!.schema.openAPIV3Schema);
  return new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
}

describe('the recorded Workspaces conform to the Kaito CRDs', () => {
  const workspaces = ofKind('Workspace');

  test('there are some', () => {
    expect(workspaces.length).toBeGreaterThanOrEqual(9);
  });

  describe.each(['0.10.0', '0.12.0'])('Kaito %s', (release) => {
    const validate = workspaceValidator(release);
    test.each(workspaces.map((w) => [w.file, w.object] as const))('%s', (_file, workspace) => {
      const valid = validate(workspace);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });
  });

  test('the validator rejects a condition status outside True, False, Unknown', () => {
    const validate = workspaceValidator('0.10.0');
    const ready = ofKind('Workspace').find((w) => w.file.includes('09-ready'))!.object as KubeObject & { status: { conditions: object[] } };
    const bad = { ...ready, status: { ...ready.status, conditions: [{ ...ready.status.conditions[0], status: 'Yes' }] } };
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'enum', instancePath: '/status/conditions/0/status' });
  });
});

test('both gpu-provisioner charts are checked', () => {
  expect(GPU_PROVISIONER_CHARTS).toEqual(['0.4.1', '0.4.3']);
});

describe.each(GPU_PROVISIONER_CHARTS)('the recorded NodeClaims conform to the karpenter.sh/v1 CRD of gpu-provisioner %s', (version) => {
  const validate = nodeClaimValidator(version);
  const claims = ofKind('NodeClaim');

  test.each(claims.map((c) => [c.file, c.object] as const))('%s', (_file, claim) => {
    const valid = validate(claim);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test('and carry the labels Kaito selects them by', () => {
    for (const { object } of claims) {
      expect(object.metadata.labels).toMatchObject({
        'kaito.sh/workspace': 'workspace-falcon-7b-instruct',
        'kaito.sh/workspacenamespace': 'pets',
        'karpenter.sh/nodepool': 'kaito',
      });
    }
  });

  test('the validator rejects a misspelt field and a missing nodeClassRef group', () => {
    const claim = claims[0].object as KubeObject & { spec: { nodeClassRef: object } };
    expect(validate({ ...claim, spec: { ...claim.spec, requirement: [] } })).toBe(false);
    expect(validate({ ...claim, spec: { ...claim.spec, nodeClassRef: { kind: 'AKSNodeClass', name: 'default' } } })).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'required', params: { missingProperty: 'group' } });
  });
});

describe('the recorded core objects conform to the Kubernetes 1.33 schemas', () => {
  const core = recorded.filter((r) => !['Workspace', 'NodeClaim'].includes(r.object.kind));

  test('Pods, Events, Services, ConfigMaps, Deployments, Nodes and Secrets validate', () => {
    expect(new Set(core.map((c) => c.object.kind))).toEqual(
      new Set(['Pod', 'Event', 'Service', 'ConfigMap', 'Deployment', 'Node', 'Secret']),
    );
    const results = validateCore([
      ...core.map((c) => c.object),
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'broken' }, spec: { containers: [{}] } },
    ]);
    // the last one is a control: a container without name and image must fail
    expect(results.pop()).toMatchObject({ id: 'v1 Pod/broken', valid: false });
    expect(results.filter((r) => !r.valid)).toEqual([]);
    expect(results).toHaveLength(core.length);
  });
});

/** Validates with kubernetes-models in a child node process (it ships ES modules, which jest cannot load). */
function validateCore(objects: unknown[]): { id: string; valid: boolean; error?: string }[] {
  const run = spawnSync(process.execPath, [join(__dirname, '..', 'validation', 'validate-kubernetes.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
    cwd: join(__dirname, '..', '..'),
  });
  if (run.status !== 0) throw new Error(`validator failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}
