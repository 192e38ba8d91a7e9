import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const REFERENCE = join(__dirname, '..', 'fixtures', 'reference');

/** Reads a YAML file of the upstream reference data. */
export function referenceYaml<T = unknown>(...path: string[]): T {
  return parse(readFileSync(join(REFERENCE, ...path), 'utf8')) as T;
}

type Schema = Record<string, unknown>;

/**
 * Makes a structural schema strict: an object schema with `properties` rejects fields it does not
 * list, unless it preserves unknown fields. The API server would prune such fields silently; we want
 * a misspelt field to fail.
 */
export function strict(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([k, v]) => [k, strict(v)]));
    } else if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object') {
      out[key] = strict(value as Schema);
    } else {
      out[key] = value;
    }
  }
  if (schema.properties && !schema['x-kubernetes-preserve-unknown-fields'] && schema.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return out;
}

/** A validator for the `version` of the Workspace CRD shipped by Kaito `release`. */
export function workspaceValidator(release: string, version = 'v1beta1'): ValidateFunction {
  const crd = referenceYaml<{ spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } }>(
    'kaito',
    `kaito.sh_workspaces-${release}.yaml`,
  );
  const found = crd.spec.versions.find((v) => v.name === version);
  if (!found) throw new Error(`the ${release} CRD has no ${version}`);
  const schema = strict(found.schema.openAPIV3Schema);
  // metadata is `type: object` in a CRD: the API server checks it against ObjectMeta
  (schema.properties as Record<string, Schema>).metadata = { type: 'object' };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}
