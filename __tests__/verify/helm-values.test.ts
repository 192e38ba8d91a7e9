import { parse } from 'yaml';
import { readReference } from '../../scripts/reference';
import { checkValues, countLeaves } from '../../verify/helm-values';

const reference = (file: string): unknown => parse(readReference(file));

describe('checkValues', () => {
  test('accepts keys the chart defaults have, at any depth', () => {
    // GIVEN the gpu-provisioner 0.4.3 defaults
    const defaults = reference('kaito/gpu-provisioner-values-0.4.3.yaml');
    // WHEN values use known keys, including one whose default is empty (settings.azure.clusterName)
    const findings = checkValues(
      { settings: { azure: { clusterName: 'aks' } }, workloadIdentity: { clientId: 'x', tenantId: 'y' } },
      defaults,
    );
    // THEN nothing is reported
    expect(findings).toEqual([]);
  });

  test('fails on a misspelt key and names its path', () => {
    const findings = checkValues({ workloadIdentity: { clientID: 'x' } }, reference('kaito/gpu-provisioner-values-0.4.3.yaml'));
    expect(findings).toHaveLength(1);
    expect(findings[0].path).toBe('workloadIdentity.clientID');
    expect(findings[0].problem).toMatch(/unknown key.*clientId/);
  });

  test('fails on a feature gate that chart 0.10.0 does not have but 0.12.0 does', () => {
    const values = { featureGates: { enableMIG: false } };
    expect(checkValues(values, reference('kaito/workspace-values-0.10.0.yaml')).map((f) => f.path)).toEqual(['featureGates.enableMIG']);
    expect(checkValues(values, reference('kaito/workspace-values-0.12.0.yaml'))).toEqual([]);
  });

  test('treats an empty default map as open', () => {
    expect(checkValues({ podAnnotations: { anything: 'goes' } }, { podAnnotations: {} })).toEqual([]);
  });

  test('a list of named entries (env) may only use the names the chart lists', () => {
    const defaults = { controller: { env: [{ name: 'LOCATION', value: '' }] } };
    expect(checkValues({ controller: { env: [{ name: 'LOCATION', value: 'eastus' }] } }, defaults)).toEqual([]);
    expect(checkValues({ controller: { env: [{ name: 'AZURE_NODE_RESOURCE_GROUP', value: 'x' }] } }, defaults)).toEqual([
      { path: 'controller.env[name=AZURE_NODE_RESOURCE_GROUP]', problem: 'not one of the names the chart lists: LOCATION' },
    ]);
  });

  test('other lists are not walked: Helm replaces them whole', () => {
    expect(checkValues({ tolerations: [{ key: 'gpu' }] }, { tolerations: [{ key: 'CriticalAddonsOnly' }] })).toEqual([]);
  });

  test('fails on a map where the chart has a scalar, and a scalar where it has a map', () => {
    expect(checkValues({ replicas: { count: 2 } }, { replicas: 1 })).toEqual([
      { path: 'replicas', problem: "is a map, the chart's default is a number" },
    ]);
    expect(checkValues({ image: 'nginx' }, { image: { tag: '' } })[0].path).toBe('image');
  });
});

describe('countLeaves', () => {
  test('counts scalar and list values, not maps', () => {
    expect(countLeaves({ a: 1, b: { c: 'x', d: [1, 2] } })).toBe(3);
  });
});
