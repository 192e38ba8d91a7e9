import { parse } from 'yaml';
import { readReference } from '../../scripts/reference';
import {
  customResourceSchema,
  CustomResourceDefinition,
  kubernetesSchema,
  OpenApiV2,
  schemaFileName,
  schemaLocation,
  strict,
} from '../../verify/json-schema';

const crd = (version: string): CustomResourceDefinition =>
  parse(readReference('kaito', `kaito.sh_workspaces-${version}.yaml`)) as CustomResourceDefinition;

/** A two-kind slice of the Kubernetes OpenAPI v2 document, same shapes as the real one. */
const OPENAPI: OpenApiV2 = {
  definitions: {
    'io.k8s.api.apps.v1.Deployment': {
      type: 'object',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        spec: { $ref: '#/definitions/io.k8s.api.apps.v1.DeploymentSpec' },
      },
      'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'Deployment', version: 'v1' }],
    },
    'io.k8s.api.apps.v1.DeploymentSpec': {
      type: 'object',
      properties: { replicas: { type: 'integer' }, maxSurge: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' } },
    },
    'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { type: 'string', format: 'int-or-string' },
    'io.k8s.api.core.v1.ConfigMap': {
      type: 'object',
      properties: { data: { type: 'object', additionalProperties: { type: 'string' } } },
      'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMap', version: 'v1' }],
    },
  },
};

describe('schemaFileName', () => {
  test.each([
    ['apps/v1', 'Deployment', 'deployment-apps-v1.json'],
    ['v1', 'ConfigMap', 'configmap-v1.json'],
    ['networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicy-networking-v1.json'],
    ['kaito.sh/v1beta1', 'Workspace', 'workspace-kaito-v1beta1.json'],
  ])('%s %s -> %s (kubeconform KindSuffix)', (apiVersion, kind, file) => {
    expect(schemaFileName({ apiVersion, kind })).toBe(file);
  });

  test('the location template ends in .json, so kubeconform reads it as a full template', () => {
    expect(schemaLocation('/s')).toBe('/s/{{ .ResourceKind }}{{ .KindSuffix }}.json');
  });
});

describe('kubernetesSchema', () => {
  test('inlines references, makes objects strict and int-or-string a string or an integer', () => {
    const schema = kubernetesSchema(OPENAPI, { apiVersion: 'apps/v1', kind: 'Deployment' });
    const spec = (schema.properties as Record<string, Record<string, unknown>>).spec;
    expect(schema.additionalProperties).toBe(false);
    expect(spec.additionalProperties).toBe(false);
    expect((spec.properties as Record<string, unknown>).maxSurge).toEqual({ oneOf: [{ type: 'string' }, { type: 'integer' }] });
  });

  test('keeps a map of free keys open (ConfigMap data)', () => {
    const schema = kubernetesSchema(OPENAPI, { apiVersion: 'v1', kind: 'ConfigMap' });
    expect((schema.properties as Record<string, Record<string, unknown>>).data.additionalProperties).toEqual({ type: 'string' });
  });

  test('fails on a kind the API does not have', () => {
    expect(() => kubernetesSchema(OPENAPI, { apiVersion: 'apps/v1', kind: 'Deploymnet' })).toThrow(/no Deploymnet in apps\/v1/);
  });
});

describe('customResourceSchema', () => {
  test('the Workspace schema of each train is strict at the root and below', () => {
    for (const version of ['0.10.0', '0.12.0']) {
      const schema = customResourceSchema(crd(version), { apiVersion: 'kaito.sh/v1beta1', kind: 'Workspace' });
      expect(schema.additionalProperties).toBe(false);
      expect(Object.keys(schema.properties as object)).toEqual(expect.arrayContaining(['resource', 'inference']));
    }
  });

  test('fails on a version the CRD does not serve, listing the ones it does', () => {
    expect(() => customResourceSchema(crd('0.12.0'), { apiVersion: 'kaito.sh/v1', kind: 'Workspace' })).toThrow(
      /does not serve kaito.sh\/v1; it serves kaito.sh\/v1alpha1, kaito.sh\/v1beta1/,
    );
  });

  test('fails on another kind', () => {
    expect(() => customResourceSchema(crd('0.10.0'), { apiVersion: 'kaito.sh/v1beta1', kind: 'RAGEngine' })).toThrow(/defines Workspace/);
  });
});

describe('strict', () => {
  test('leaves objects that preserve unknown fields open, and a properties map with a field named type alone', () => {
    const out = strict({
      type: 'object',
      properties: { free: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true } },
    });
    const free = (out.properties as Record<string, Record<string, unknown>>).free;
    expect(free.additionalProperties).toBeUndefined();
    expect(strict({ properties: { type: { type: 'string' } } }).properties).toEqual({ type: { type: 'string' } });
  });
});
