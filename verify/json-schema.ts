/**
 * Builds the JSON schemas kubeconform reads, offline, from the API definitions that ship with the
 * pinned sources: the Kubernetes OpenAPI v2 document (`api/openapi-spec/swagger.json` of the
 * `k8s.io/kubernetes` Go module) and the Kaito Workspace CRDs in `../shared/reference/kaito/` (read by scripts/reference.ts).
 *
 * The conversion follows kubeconform's own `scripts/openapi2jsonschema.py` (what produces the
 * schemas kubeconform downloads by default), in its "standalone strict" flavour: every `$ref`
 * inlined, `int-or-string` as string or integer, and `additionalProperties: false` on each object
 * that lists its properties, so a misspelt field fails as `kubectl --validate=strict` would. Unlike
 * that script, the root object is strict too.
 */

/** A JSON schema, as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** An `apiVersion` and `kind`, as in a manifest. */
export interface TypeRef {
  readonly apiVersion: string;
  readonly kind: string;
}

/** The subset of an OpenAPI v2 document this module reads. */
export interface OpenApiV2 {
  readonly definitions: Readonly<Record<string, JsonSchema>>;
}

/** The subset of a CustomResourceDefinition this module reads. */
export interface CustomResourceDefinition {
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly {
      readonly name: string;
      readonly served: boolean;
      readonly schema?: { readonly openAPIV3Schema: JsonSchema };
    }[];
  };
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/**
 * The file name kubeconform looks for with the schema location template
 * `<dir>/{{ .ResourceKind }}{{ .KindSuffix }}.json` (kubeconform `pkg/registry/registry.go`):
 * `deployment-apps-v1.json`, `configmap-v1.json`, `workspace-kaito-v1beta1.json`.
 */
export function schemaFileName(type: TypeRef): string {
  const [groupOrVersion, version] = type.apiVersion.split('/');
  let suffix = `-${groupOrVersion.split('.')[0].toLowerCase()}`;
  if (version !== undefined) suffix += `-${version.toLowerCase()}`;
  return `${type.kind.toLowerCase()}${suffix}.json`;
}

/** The kubeconform schema location template for the files of {@link schemaFileName} in `dir`. */
export function schemaLocation(dir: string): string {
  return `${dir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`;
}

/**
 * The standalone strict schema of one built-in kind from the Kubernetes OpenAPI v2 document.
 * @throws when the document has no definition for that `apiVersion` and `kind`
 */
export function kubernetesSchema(openApi: OpenApiV2, type: TypeRef): JsonSchema {
  const [group, version] = type.apiVersion.includes('/') ? type.apiVersion.split('/') : ['', type.apiVersion];
  const name = Object.keys(openApi.definitions).find((key) => {
    const gvks = openApi.definitions[key]['x-kubernetes-group-version-kind'] as
      | { group: string; version: string; kind: string }[]
      | undefined;
    return (gvks ?? []).some((g) => g.group === group && g.version === version && g.kind === type.kind);
  });
  if (name === undefined) {
    throw new Error(
      `The Kubernetes OpenAPI document has no ${type.kind} in ${type.apiVersion}: the object's apiVersion or kind is wrong for this Kubernetes version`,
    );
  }
  return { $schema: 'http://json-schema.org/schema#', ...strict(inline(openApi, openApi.definitions[name], [name])) };
}

/**
 * The strict schema of a custom resource at one API version, from its CRD.
 * @throws when the CRD does not serve that version or is for another kind
 */
export function customResourceSchema(crd: CustomResourceDefinition, type: TypeRef): JsonSchema {
  const [group, version] = type.apiVersion.split('/');
  if (group !== crd.spec.group || type.kind !== crd.spec.names.kind) {
    throw new Error(`The CRD defines ${crd.spec.names.kind} in group ${crd.spec.group}, not ${type.kind} in ${type.apiVersion}`);
  }
  const served = crd.spec.versions.filter((v) => v.served).map((v) => v.name);
  const entry = crd.spec.versions.find((v) => v.name === version && v.served);
  if (entry?.schema === undefined) {
    throw new Error(
      `The ${crd.spec.names.kind} CRD does not serve ${type.apiVersion}; it serves ${served.map((v) => `${group}/${v}`).join(', ')}`,
    );
  }
  return { $schema: 'http://json-schema.org/schema#', ...strict(entry.schema.openAPIV3Schema) };
}

/** Replaces every `$ref` by the definition it names; a reference cycle becomes `{}` (anything). */
function inline(openApi: OpenApiV2, schema: unknown, seen: readonly string[]): JsonSchema {
  return mapSchema(schema, (node) => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return undefined;
    const name = ref.replace(/^#\/definitions\//, '');
    if (name === QUANTITY) return { oneOf: [{ type: 'string' }, { type: 'number' }] };
    if (seen.includes(name)) return {};
    const target = openApi.definitions[name];
    if (target === undefined) throw new Error(`The Kubernetes OpenAPI document references ${ref}, which it does not define`);
    const { $ref: _ignored, ...rest } = node;
    return { ...inline(openApi, target, [...seen, name]), ...rest };
  });
}

/**
 * Makes a schema strict: objects that list their properties reject other fields, unless they
 * preserve unknown fields; `int-or-string` becomes string or integer.
 */
export function strict(schema: JsonSchema): JsonSchema {
  return mapSchema(
    schema,
    (node) => {
      if (node.format === 'int-or-string' || node['x-kubernetes-int-or-string'] === true) {
        return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
      }
      return undefined;
    },
    (node) => {
      const isObjectSchema = node.type === undefined || node.type === 'object'; // not a `properties` map with a field named `type`
      if (
        isObjectSchema &&
        isObject(node.properties) &&
        node.additionalProperties === undefined &&
        node['x-kubernetes-preserve-unknown-fields'] !== true
      ) {
        return { ...node, additionalProperties: false };
      }
      return node;
    },
  );
}

/**
 * Walks a schema: `replace` may return a new node for a map (not walked further); `after` may
 * rewrite each map once its children are done.
 */
function mapSchema(
  value: unknown,
  replace: (node: JsonSchema) => JsonSchema | undefined,
  after: (node: JsonSchema) => JsonSchema = (n) => n,
): JsonSchema {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isObject(v)) return v;
    const replaced = replace(v);
    if (replaced !== undefined) return replaced;
    return after(Object.fromEntries(Object.entries(v).map(([k, child]) => [k, walk(child)])));
  };
  return walk(value) as JsonSchema;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
