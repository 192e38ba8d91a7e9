import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applyConditionalSkips,
  CheckovResult,
  CONDITIONAL_SKIPS,
  conditionalSkipProblems,
  parseCheckovJson,
  readSkips,
  resultsUnder,
} from '../../verify/checkov';
import { Combination, COMBINATIONS } from '../../verify/render';

const record = (id: string, file: string) => ({ check_id: id, check_name: `name of ${id}`, resource: 'r.x', file_abs_path: file });

describe('parseCheckovJson', () => {
  test('reads a list of reports, one per framework', () => {
    const text = JSON.stringify([
      {
        check_type: 'terraform_json',
        results: { passed_checks: [record('A', '/o/a.tf.json')], failed_checks: [record('B', '/o/a.tf.json')], skipped_checks: [] },
      },
      { check_type: 'kubernetes', results: { passed_checks: [record('C', '/o/k.yaml')], failed_checks: [], skipped_checks: [] } },
    ]);
    expect(parseCheckovJson(text).map((r) => `${r.checkId}:${r.outcome}`)).toEqual(['A:passed', 'B:failed', 'C:passed']);
  });

  test('reads a bare summary as no results', () => {
    expect(parseCheckovJson(JSON.stringify({ passed: 0, failed: 0, skipped: 0, parsing_errors: 0 }))).toEqual([]);
  });

  test('fails when checkov could not parse a file', () => {
    expect(() => parseCheckovJson(JSON.stringify({ check_type: 'terraform_json', summary: { parsing_errors: 1 } }))).toThrow(
      /could not parse 1 file/,
    );
  });
});

describe('resultsUnder', () => {
  test('keeps the results of files under a folder, not of a sibling with the same prefix', () => {
    const results = parseCheckovJson(
      JSON.stringify({
        results: {
          passed_checks: [record('A', '/o/infra/cdk.tf.json'), record('B', '/o/infra2/cdk.tf.json')],
          failed_checks: [],
          skipped_checks: [],
        },
      }),
    );
    expect(resultsUnder(results, '/o/infra').map((r) => r.checkId)).toEqual(['A']);
  });
});

describe('readSkips', () => {
  test('reads each skip with its reason', () => {
    expect(readSkips('skip-check:\n  - CKV_AZURE_6 # deployer address unknown\n')).toEqual([
      { id: 'CKV_AZURE_6', reason: 'deployer address unknown' },
    ]);
  });

  test('fails on a skip without a reason, naming it', () => {
    expect(() => readSkips('skip-check:\n  - CKV_AZURE_6\n')).toThrow(/CKV_AZURE_6 has no reason/);
  });

  test("the project's .checkov.yaml gives a reason for every skip", () => {
    const skips = readSkips(readFileSync(join(__dirname, '..', '..', '.checkov.yaml'), 'utf8'));
    expect(skips.length).toBeGreaterThan(0);
    for (const skip of skips) expect(skip.reason.length).toBeGreaterThan(20);
  });
});

describe('conditional skips (CKV_AZURE_6 where the API server is not locked)', () => {
  const open = { id: 'open', apiServerLocked: false } as Combination;
  const locked = { id: 'locked', apiServerLocked: true } as Combination;
  const result = (checkId: string, outcome: CheckovResult['outcome']): CheckovResult => ({
    checkId,
    checkName: 'n',
    resource: 'azurerm_kubernetes_cluster.Cluster',
    file: '/o/cdk.tf.json',
    outcome,
  });

  test('a CKV_AZURE_6 failure is a skip where the setting is unset, and stays a failure where it is set', () => {
    const failed = [result('CKV_AZURE_6', 'failed'), result('CKV_AZURE_4', 'failed')];
    expect(applyConditionalSkips(failed, open).map((r) => r.outcome)).toEqual(['skipped', 'failed']);
    expect(applyConditionalSkips(failed, locked).map((r) => r.outcome)).toEqual(['failed', 'failed']);
  });

  test('no problem when it fails only where unset and passes where set', () => {
    expect(
      conditionalSkipProblems([
        { combination: open, results: [result('CKV_AZURE_6', 'failed')] },
        { combination: locked, results: [result('CKV_AZURE_6', 'passed')] },
      ]),
    ).toEqual([]);
  });

  test('fails when the check does not pass where the setting is set', () => {
    expect(
      conditionalSkipProblems([
        { combination: open, results: [result('CKV_AZURE_6', 'failed')] },
        { combination: locked, results: [result('CKV_AZURE_6', 'failed')] },
      ]),
    ).toEqual([
      'CKV_AZURE_6 must pass where AKS_API_SERVER_AUTHORIZED_IP_RANGES is set, and does not in every combination verify synthesizes with it',
    ]);
    expect(conditionalSkipProblems([{ combination: open, results: [result('CKV_AZURE_6', 'failed')] }])).toHaveLength(1);
  });

  test('fails when the skip hides nothing', () => {
    expect(
      conditionalSkipProblems([
        { combination: open, results: [result('CKV_AZURE_6', 'passed')] },
        { combination: locked, results: [result('CKV_AZURE_6', 'passed')] },
      ]),
    ).toEqual(['the conditional skip of CKV_AZURE_6 hides no failure in the combinations it applies to: remove it']);
  });

  test('every conditional skip has a one-line reason and is not also in .checkov.yaml', () => {
    const global = readSkips(readFileSync(join(__dirname, '..', '..', '.checkov.yaml'), 'utf8')).map((s) => s.id);
    for (const skip of CONDITIONAL_SKIPS) {
      expect(skip.reason.length).toBeGreaterThan(20);
      expect(skip.reason).not.toContain('\n');
      expect(global).not.toContain(skip.id);
    }
  });

  test('verify synthesizes both: combinations with the API server locked and without', () => {
    expect(COMBINATIONS.filter((c) => c.apiServerLocked).length).toBeGreaterThan(0);
    expect(COMBINATIONS.filter((c) => !c.apiServerLocked).length).toBeGreaterThan(0);
    for (const c of COMBINATIONS) expect(c.env.AKS_API_SERVER_AUTHORIZED_IP_RANGES !== undefined).toBe(c.apiServerLocked);
  });
});
