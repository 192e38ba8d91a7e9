import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCheckovJson, readSkips, resultsUnder } from '../../verify/checkov';

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
