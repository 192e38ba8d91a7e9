import Ajv, { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { readReference } from '../../scripts/reference';
import { strict } from '../../verify/json-schema';

/** Reads a YAML file of the upstream reference data (`../shared/reference/`). */
export function referenceYaml<T = unknown>(...path: string[]): T {
  return parse(readReference(...path)) as T;
}

type Schema = Record<string, unknown>;

/** A validator for the `version` of the Workspace CRD shipped by Kaito `release`. */
export function workspaceValidator(release: string, version = 'v1beta1'): ValidateFunction {
  const crd = referenceYaml<{ spec: { versions: { name: string; schema: { openAPIV3Schema: Schema } }[] } }>(
    'kaito',
    `kaito.sh_workspaces-${release}.yaml`,
  );
  const found = crd.spec.versions.find((v) => v.name === version);
  if (!found) throw new Error(`the ${release} CRD has no ${version}`);
  // strict, as the API server's strict field validation is: a misspelt field fails instead of being pruned
  const schema = strict(found.schema.openAPIV3Schema);
  // metadata is `type: object` in a CRD: the API server checks it against ObjectMeta
  (schema.properties as Record<string, Schema>).metadata = { type: 'object' };
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  return ajv.compile(schema);
}
