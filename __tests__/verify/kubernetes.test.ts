import { compareObjects, firstDifference, parseKubeconformJson } from '../../verify/kubernetes';

const workspace = {
  apiVersion: 'kaito.sh/v1beta1',
  kind: 'Workspace',
  metadata: { name: 'ws', namespace: 'pets' },
  resource: { count: 1 },
};
const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'pets' }, data: { A: 'True' } };

describe('compareObjects', () => {
  test('matches objects by identity, whatever order Helm renders them in', () => {
    expect(compareObjects([workspace, configMap], [configMap, workspace])).toBeUndefined();
  });

  test('fails on a value whose type changed on the way (a string read back as a boolean)', () => {
    const rendered = { ...configMap, data: { A: true } };
    expect(compareObjects([configMap], [rendered])).toBe('v1 ConfigMap pets/cm: data.A: expected "True", got true');
  });

  test('fails on an object missing from, or added to, the render', () => {
    expect(compareObjects([workspace, configMap], [workspace])).toBe('v1 ConfigMap pets/cm: not rendered');
    expect(compareObjects([workspace], [workspace, configMap])).toBe('v1 ConfigMap pets/cm: rendered, but not an object we meant');
  });
});

describe('firstDifference', () => {
  test('names a field added or dropped, and a list of another length', () => {
    expect(firstDifference({ a: 1 }, { a: 1, b: 2 })).toBe('b: rendered, but not in the object we meant');
    expect(firstDifference({ a: 1, b: 2 }, { a: 1 })).toBe('b: missing from the rendered object');
    expect(firstDifference({ l: [1, 2] }, { l: [1] })).toBe('l: expected 2 item(s), got 1');
  });
});

describe('parseKubeconformJson', () => {
  test('reads the resources of a -verbose report', () => {
    const text = JSON.stringify({
      resources: [
        {
          filename: 'f.yaml',
          kind: 'Workspace',
          name: 'ws',
          version: 'kaito.sh/v1beta1',
          status: 'statusInvalid',
          msg: 'additional properties',
        },
      ],
      summary: {},
    });
    expect(parseKubeconformJson(text)[0]).toMatchObject({ kind: 'Workspace', status: 'statusInvalid' });
  });
});
