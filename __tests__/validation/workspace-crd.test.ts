import { synthesize } from '../stacks/helpers';
import { workspaceValidator } from './schemas';

describe.each([
  ['0.10.0', {}],
  ['0.10.0', { KAITO_MODEL: 'llama-3.1-8b-instruct', KAITO_MODEL_ACCESS_SECRET: 'hf-token', KAITO_NODE_COUNT: '2' }],
  ['0.12.0', { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' }],
  ['0.12.0', { KAITO_VERSION: '0.12.0', KAITO_MODEL: 'microsoft/Phi-4-mini-instruct', KAITO_INSTANCE_TYPE: 'Standard_NC24ads_A100_v4' }],
])('the Workspace validates against the Kaito %s CRD', (release, env) => {
  const validate = workspaceValidator(release);
  const workspace = synthesize(env).kaito.workspace.workspace;

  test(`with ${JSON.stringify(env)}`, () => {
    const valid = validate(workspace);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });
});

describe('the CRD validator catches mistakes', () => {
  const validate = workspaceValidator('0.10.0');
  const good = synthesize().kaito.workspace.workspace as Record<string, any>;

  test('a misspelt field', () => {
    const bad = { ...good, resource: { ...good.resource, instancetype: good.resource.instanceType } };
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'additionalProperties', params: { additionalProperty: 'instancetype' } });
  });

  test('a missing required field', () => {
    const bad = { ...good, resource: { instanceType: 'Standard_NV36ads_A10_v5' } };
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'required', params: { missingProperty: 'labelSelector' } });
  });

  test('a wrong type', () => {
    expect(validate({ ...good, resource: { ...good.resource, count: '1' } })).toBe(false);
  });
});
