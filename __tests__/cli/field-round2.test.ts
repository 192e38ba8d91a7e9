/**
 * Field faults, round 2 (issue 25): each kind of failure users hit gets a named cause and its fix
 * instead of "keeps crashing", "wait longer" or silence. One describe per kind; the inputs are in
 * `__tests__/fixtures/day2/field-round2/` (see its README for the sources).
 */
import { classify } from '../../cli/causes';
import { assess } from '../../cli/conditions';
import { causeContext } from '../../cli/wait';
import { readDocs, scenario, snapshotOf, testTarget } from './helpers';

const context = causeContext(testTarget());
const fieldDocs = (name: string) => readDocs('field-round2', name);

describe('3. AKS busy with another operation', () => {
  const [claim] = fieldDocs('04-busy-nodeclaim.yaml');

  test('a named cause that is not fatal, with the operation, how to follow it and why it happens', () => {
    const message = (claim as unknown as { status: { conditions: { message: string }[] } }).status.conditions[0].message;
    const cause = classify(message, 'NodeClaim', context);
    expect(cause).toMatchObject({ kind: 'cluster-busy', fatal: false });
    expect(cause?.title).toBe(
      'AKS is busy with another operation on the cluster (Upgrading): it cannot add the GPU node pool until that ends',
    );
    const fix = cause!.fix.join('\n');
    expect(fix).toContain('az aks operation show-latest --resource-group rg-kaito --name aks-kaito');
    expect(fix).toContain('--query provisioningState');
    expect(fix).toMatch(/ends by itself/);
    expect(fix).toMatch(/automatic upgrade/);
  });

  test("it is the problem wait names, not Kaito's 4-minute NodeClaim check", () => {
    const workspace = scenario('03-quota-exceeded').find((o) => o.kind === 'Workspace')!;
    const a = assess(snapshotOf([workspace, claim], {}), { maxRestarts: 5, context });
    expect(a.verdict).toBe('progressing');
    expect(a.cause?.kind).toBe('cluster-busy');
  });

  test('a quota OperationNotAllowed stays quota', () => {
    const quota =
      'Code="OperationNotAllowed" Message="Operation could not be completed as it results in exceeding approved standardNVADSA10v5Family Cores quota."';
    expect(classify(quota, 's', context)?.kind).toBe('quota');
  });
});
