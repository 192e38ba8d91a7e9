import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ignoreProblems, parseTrivyJson, readIgnores, TrivyResult, trivyResultsUnder, underPaths } from '../../verify/trivy';

/** A `trivy config --format json --include-non-failures` report, in the shape Trivy v0.74.0 writes. */
const REPORT = JSON.stringify({
  SchemaVersion: 2,
  ArtifactName: '/o/hcl',
  ArtifactType: 'filesystem',
  Results: [
    {
      Target: 'api-open/a/stacks/infra/cdk.tf',
      Class: 'config',
      Type: 'terraform',
      MisconfSummary: { Successes: 1, Failures: 1 },
      Misconfigurations: [
        {
          ID: 'AZU-0041',
          Title: 'Ensure AKS has an API Server Authorized IP Ranges enabled',
          Severity: 'CRITICAL',
          Status: 'FAIL',
          CauseMetadata: { Resource: 'azurerm_kubernetes_cluster.Cluster' },
        },
        { ID: 'AZU-0042', Title: 'Ensure RBAC is enabled on AKS clusters', Severity: 'HIGH', Status: 'PASS', CauseMetadata: {} },
      ],
    },
    { Target: 'api-open/a/stacks/infra/metadata.json', Class: 'config', Type: 'json' },
  ],
});

const result = (id: string, file: string, outcome: TrivyResult['outcome']): TrivyResult => ({
  id,
  title: 't',
  severity: 'HIGH',
  resource: 'r',
  file,
  outcome,
});

describe('parseTrivyJson', () => {
  test('reads every misconfiguration with its outcome and absolute file', () => {
    expect(parseTrivyJson(REPORT, '/o/hcl')).toEqual([
      {
        id: 'AZU-0041',
        title: 'Ensure AKS has an API Server Authorized IP Ranges enabled',
        severity: 'CRITICAL',
        resource: 'azurerm_kubernetes_cluster.Cluster',
        file: '/o/hcl/api-open/a/stacks/infra/cdk.tf',
        outcome: 'failed',
      },
      {
        id: 'AZU-0042',
        title: 'Ensure RBAC is enabled on AKS clusters',
        severity: 'HIGH',
        resource: '',
        file: '/o/hcl/api-open/a/stacks/infra/cdk.tf',
        outcome: 'passed',
      },
    ]);
  });

  test('a report without results is no results', () => {
    expect(parseTrivyJson(JSON.stringify({ SchemaVersion: 2 }), '/o')).toEqual([]);
  });

  test('trivyResultsUnder keeps a folder (where Trivy puts passes) and its files, not a sibling with the same prefix', () => {
    const results = [result('A', '/o/a/cdk.tf', 'failed'), result('P', '/o/a', 'passed'), result('B', '/o/a2/cdk.tf', 'passed')];
    expect(trivyResultsUnder(results, '/o/a').map((r) => r.id)).toEqual(['A', 'P']);
  });
});

describe('readIgnores', () => {
  test('reads id, paths and statement', () => {
    expect(readIgnores('misconfigurations:\n  - id: AZU-0041\n    paths: ["api-open/**"]\n    statement: open on purpose\n')).toEqual([
      { id: 'AZU-0041', paths: ['api-open/**'], statement: 'open on purpose' },
    ]);
  });

  test('fails on an ignore without a statement, naming it', () => {
    expect(() => readIgnores('misconfigurations:\n  - id: AZU-0041\n')).toThrow(
      '.trivyignore.yaml: AZU-0041 has no statement; say in one line why the check does not fit',
    );
  });

  test("the project's .trivyignore.yaml gives a one-line statement for every ignore", () => {
    const ignores = readIgnores(readFileSync(join(__dirname, '..', '..', '.trivyignore.yaml'), 'utf8'));
    expect(ignores.length).toBeGreaterThan(0);
    for (const ignore of ignores) {
      expect(ignore.statement.length).toBeGreaterThan(20);
      expect(ignore.statement).not.toContain('\n');
    }
  });
});

describe('underPaths', () => {
  test('a folder followed by /** holds everything below it, relative to the scanned folder', () => {
    expect(underPaths('/o/hcl/api-open/a/stacks/infra/cdk.tf', '/o/hcl', ['api-open/**'])).toBe(true);
    expect(underPaths('/o/hcl/api-locked/a/stacks/infra/cdk.tf', '/o/hcl', ['api-open/**'])).toBe(false);
    expect(underPaths('/o/hcl/api-opener/a/cdk.tf', '/o/hcl', ['api-open/**'])).toBe(false);
  });

  test('fails on any other pattern, naming it', () => {
    expect(() => underPaths('/o/hcl/x', '/o/hcl', ['*.tf'])).toThrow('.trivyignore.yaml: path "*.tf" must be a folder followed by /**');
  });
});

describe('ignoreProblems', () => {
  const ignore = { id: 'AZU-0041', paths: ['api-open/**'], statement: 's' };
  const open = '/o/hcl/api-open/a/stacks/infra/cdk.tf';
  const locked = '/o/hcl/api-locked/b/stacks/infra/cdk.tf';

  test('none when the check fails only inside the paths and passes outside', () => {
    expect(ignoreProblems([ignore], [result('AZU-0041', open, 'failed'), result('AZU-0041', locked, 'passed')], '/o/hcl')).toEqual([]);
  });

  test('fails when the check fails outside the paths, or is never seen passing there', () => {
    const expected = ['AZU-0041 must pass outside api-open/**, and does not everywhere there'];
    expect(ignoreProblems([ignore], [result('AZU-0041', open, 'failed'), result('AZU-0041', locked, 'failed')], '/o/hcl')).toEqual(
      expected,
    );
    expect(ignoreProblems([ignore], [result('AZU-0041', open, 'failed')], '/o/hcl')).toEqual(expected);
  });

  test('fails when an ignore hides no failure', () => {
    expect(ignoreProblems([{ id: 'AZU-0001', statement: 's' }], [result('AZU-0001', open, 'passed')], '/o/hcl')).toEqual([
      '.trivyignore.yaml ignores AZU-0001, which fails nowhere there now: remove it',
    ]);
  });
});
