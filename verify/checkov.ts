/**
 * checkov (IaC security scan) on the synthesized stacks, with its `terraform_json` framework, which
 * reads cdktf's `cdk.tf.json` as it is.
 *
 * It runs twice over the same folders: with `.checkov.yaml` (the verdict: no failed check) and
 * without it, so that the report can count the results each skip hides and flag a skip that no
 * longer hides a failure (a stale skip is a failure too: the config must say why each one is there).
 *
 * A skip that holds for some configurations only cannot live in `.checkov.yaml` (checkov skips a
 * check everywhere and rejects any other key): those are {@link CONDITIONAL_SKIPS}, applied here to
 * the results of the combinations they name; elsewhere the check must be seen passing.
 */
import { resolve, sep } from 'node:path';
import { parseDocument, isScalar, isSeq } from 'yaml';
import type { Combination } from './render';
import { run, toolPath } from './tools';

/** One check result on one resource. */
export interface CheckovResult {
  /** Check ID, e.g. `CKV_AZURE_4`. */
  readonly checkId: string;
  /** What the check wants. */
  readonly checkName: string;
  /** The resource, `<type>.<logical id>` as checkov names it. */
  readonly resource: string;
  /** Absolute path of the scanned file. */
  readonly file: string;
  /** The outcome. */
  readonly outcome: 'passed' | 'failed' | 'skipped';
}

/** A check switched off in `.checkov.yaml`, and why. */
export interface CheckovSkip {
  /** Check ID. */
  readonly id: string;
  /** The one-line reason, the comment after the ID. */
  readonly reason: string;
}

interface CheckovReport {
  readonly check_type?: string;
  readonly results?: Record<
    'passed_checks' | 'failed_checks' | 'skipped_checks',
    { check_id: string; check_name: string; resource: string; file_abs_path: string }[]
  >;
  readonly summary?: { parsing_errors?: number };
}

/**
 * Reads checkov's `-o json` output: one report, a list of reports (one per framework), or a bare
 * summary when nothing was scanned.
 * @throws when checkov reported parsing errors (a file it could not read is a file it did not check)
 */
export function parseCheckovJson(text: string): CheckovResult[] {
  const parsed = JSON.parse(text) as CheckovReport | CheckovReport[];
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const out: CheckovResult[] = [];
  for (const report of reports) {
    if ((report.summary?.parsing_errors ?? 0) > 0) {
      throw new Error(`checkov could not parse ${report.summary?.parsing_errors} file(s) of framework ${report.check_type}`);
    }
    const outcomes = [
      ['passed', report.results?.passed_checks],
      ['failed', report.results?.failed_checks],
      ['skipped', report.results?.skipped_checks],
    ] as const;
    for (const [outcome, records] of outcomes) {
      for (const r of records ?? []) {
        out.push({ checkId: r.check_id, checkName: r.check_name, resource: r.resource, file: r.file_abs_path, outcome });
      }
    }
  }
  return out;
}

/**
 * Reads the `skip-check` list of a checkov config file; each entry must carry its reason as a
 * comment on the same line (`- CKV_AZURE_6 # why`).
 * @throws when an entry has no reason or the list is not a list of check IDs
 */
export function readSkips(configText: string): CheckovSkip[] {
  const doc = parseDocument(configText);
  const list = doc.get('skip-check', true);
  if (list === undefined) return [];
  if (!isSeq(list)) throw new Error('.checkov.yaml: skip-check must be a list of check IDs');
  return list.items.map((item) => {
    if (!isScalar(item) || typeof item.value !== 'string') throw new Error('.checkov.yaml: each skip-check entry must be a check ID');
    const reason = (item.comment ?? '').trim();
    if (reason === '')
      throw new Error(
        `.checkov.yaml: skip-check ${item.value} has no reason; add one after it on the same line: - ${item.value} # <why this check does not fit>`,
      );
    return { id: item.value, reason };
  });
}

/**
 * Runs checkov with one `framework` on the files under `dir`. Without `configFile` it runs with no config at all: `cwd` and `HOME` are
 * set to `cwd`, which must hold no `.checkov.yaml` (checkov reads one from the folders, `cwd` and home).
 */
export function runCheckov(
  dir: string,
  framework: 'terraform_json' | 'kubernetes',
  options: { configFile?: string; cwd: string },
): CheckovResult[] {
  const args = [
    '--directory',
    resolve(dir),
    '--framework',
    framework,
    '--output',
    'json',
    // offline: no guideline download from the vendor's API
    '--skip-download',
    ...(options.configFile ? ['--config-file', options.configFile] : []),
  ];
  const out = run(toolPath('checkov'), args, { cwd: options.cwd, env: { ...process.env, HOME: options.cwd } });
  // exit 1 means failed checks, which the JSON holds; anything else is a crash
  if (out.status !== 0 && out.status !== 1)
    throw new Error(`checkov exited with ${out.status}: ${out.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return parseCheckovJson(out.stdout);
}

/** The results of files under `dir`. */
export function resultsUnder(results: readonly CheckovResult[], dir: string): CheckovResult[] {
  const prefix = resolve(dir) + sep;
  return results.filter((r) => resolve(r.file).startsWith(prefix));
}

/** A skip that holds only for the combinations `applies` selects; elsewhere the check must pass. */
export interface ConditionalSkip {
  /** Check ID. */
  readonly id: string;
  /** Why it does not fit those combinations, one line. */
  readonly reason: string;
  /** The setting that makes the check pass, for the report. */
  readonly passesWhen: string;
  /** Whether the skip holds for a combination. */
  readonly applies: (combination: Combination) => boolean;
}

/** The conditional skips of checkov, one reason each. */
export const CONDITIONAL_SKIPS: readonly ConditionalSkip[] = [
  {
    id: 'CKV_AZURE_6',
    reason:
      "API server IP allow-list: AKS_API_SERVER_AUTHORIZED_IP_RANGES is unset, so any address may reach the API server (Entra ID sign-in and Azure RBAC still apply); the deployer's address is not known at synth",
    passesWhen: 'AKS_API_SERVER_AUTHORIZED_IP_RANGES is set',
    applies: (combination) => !combination.apiServerLocked,
  },
];

/**
 * Turns the failures of a conditional skip into skips, in the results of a combination it applies to.
 * @returns the results, with `outcome: 'skipped'` where a conditional skip holds
 */
export function applyConditionalSkips(
  results: readonly CheckovResult[],
  combination: Combination,
  skips: readonly ConditionalSkip[] = CONDITIONAL_SKIPS,
): CheckovResult[] {
  return results.map((r) =>
    r.outcome === 'failed' && skips.some((s) => s.id === r.checkId && s.applies(combination)) ? { ...r, outcome: 'skipped' } : r,
  );
}

/**
 * What is wrong with each conditional skip: it must hide a failure in some combination it applies
 * to, and the check must pass, and fail nowhere, in every combination it does not apply to.
 * @param results the results per combination, with `.checkov.yaml` and before {@link applyConditionalSkips}
 */
export function conditionalSkipProblems(
  results: readonly { readonly combination: Combination; readonly results: readonly CheckovResult[] }[],
  skips: readonly ConditionalSkip[] = CONDITIONAL_SKIPS,
): string[] {
  const problems: string[] = [];
  for (const skip of skips) {
    const of = (applies: boolean) =>
      results.filter((r) => skip.applies(r.combination) === applies).flatMap((r) => r.results.filter((x) => x.checkId === skip.id));
    if (!of(true).some((r) => r.outcome === 'failed')) {
      problems.push(`the conditional skip of ${skip.id} hides no failure in the combinations it applies to: remove it`);
    }
    const others = of(false);
    if (!others.some((r) => r.outcome === 'passed') || others.some((r) => r.outcome === 'failed')) {
      problems.push(`${skip.id} must pass where ${skip.passesWhen}, and does not in every combination verify synthesizes with it`);
    }
  }
  return problems;
}
