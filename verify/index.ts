/**
 * `npm run verify`: checks the synthesized output of every release train and both ai-service
 * backends with tools we did not write, and prints one table: tool, version, target, result.
 * Exits 1 when any check fails or a tool is missing. Work files go to `verify-out/` (gitignored).
 *
 * - checkov: IaC security scan of each stack (`terraform_json`), zero failed checks allowed; the
 *   skips live in `.checkov.yaml`, one reason each, and CONDITIONAL_SKIPS (verify/checkov.ts).
 * - Trivy: `trivy config` offline on the HCL of each stack, zero failures allowed; the ignores live
 *   in `.trivyignore.yaml`, one statement each.
 * - helm: `helm lint --strict` and `helm template` of the generated local chart with each release's
 *   values; the render must equal the objects we meant.
 * - kubeconform: every Kubernetes object the program emits, strict, against the Kubernetes API of
 *   the cluster's version and the Workspace against its release train's Kaito CRD.
 * - values check: every key passed to a chart exists in that chart version's default values.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import {
  applyConditionalSkips,
  CheckovResult,
  CONDITIONAL_SKIPS,
  conditionalSkipProblems,
  readSkips,
  resultsUnder,
  runCheckov,
} from './checkov';
import { checkValues, countLeaves } from './helm-values';
import {
  CustomResourceDefinition,
  customResourceSchema,
  kubernetesSchema,
  OpenApiV2,
  schemaFileName,
  schemaLocation,
  TypeRef,
} from './json-schema';
import { compareObjects, helmLint, helmTemplate, kubeconform, KubeconformResult } from './kubernetes';
import { Combination, COMBINATIONS, RenderedCombination, renderCombination, renderHcl } from './render';
import { goModuleVersion, kubernetesOpenApi, MissingToolError, ROOT, run, toolPath } from './tools';
import { ignoreProblems, readIgnores, runTrivy, TrivyResult, trivyResultsUnder } from './trivy';
import { readReference } from '../scripts/reference';
import type { KubernetesObject } from '../constructs/manifest-release';

// not a dot folder: checkov's kubernetes framework skips hidden folders
const OUT = join(ROOT, 'verify-out');
const CHECKOV_CONFIG = join(ROOT, '.checkov.yaml');
const TRIVY_IGNORE = join(ROOT, '.trivyignore.yaml');

/** Default values of each remote chart we install, by `<repository> <chart>@<version>`: the upstream files in ../shared/reference (scripts/reference.ts). */
const CHART_DEFAULTS: Readonly<Partial<Record<string, string>>> = {
  'https://kaito-project.github.io/kaito/charts/kaito workspace@0.10.0': 'kaito/workspace-values-0.10.0.yaml',
  'https://kaito-project.github.io/kaito/charts/kaito workspace@0.12.0': 'kaito/workspace-values-0.12.0.yaml',
  'https://azure.github.io/gpu-provisioner/charts gpu-provisioner@0.4.1': 'kaito/gpu-provisioner-values-0.4.1.yaml',
  'https://azure.github.io/gpu-provisioner/charts gpu-provisioner@0.4.3': 'kaito/gpu-provisioner-values-0.4.3.yaml',
  'https://azure-samples.github.io/aks-store-demo aks-store-demo-chart@1.6.0': 'aks-store-demo/values-chart-1.6.0.yaml',
};

/** The Workspace CRD of each Kaito release train, by API group. */
const CRD_FILES: Readonly<Partial<Record<string, (kaitoVersion: string) => string>>> = {
  'kaito.sh': (kaitoVersion) => `kaito/kaito.sh_workspaces-${kaitoVersion}.yaml`,
};

interface Row {
  readonly tool: string;
  readonly version: string;
  readonly target: string;
  readonly ok: boolean;
  readonly result: string;
}

function main(): number {
  const started = Date.now();
  let tools;
  try {
    tools = {
      checkov: run(toolPath('checkov'), ['--version']).stdout.trim(),
      helm: goModuleVersion(toolPath('helm'), 'helm.sh/helm/v3'),
      kubeconform: goModuleVersion(toolPath('kubeconform'), 'github.com/yannh/kubeconform'),
      trivy: goModuleVersion(toolPath('trivy'), 'github.com/aquasecurity/trivy'),
      openApi: kubernetesOpenApi(),
    };
  } catch (err) {
    if (err instanceof MissingToolError) {
      process.stderr.write(`verify: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const rendered = COMBINATIONS.map((c) => renderCombination(c, join(OUT, 'synth', c.id)));
  log(`synthesized ${rendered.length} combinations: ${COMBINATIONS.map((c) => c.id).join(', ')}`);

  const kubernetes = kubernetesRows(rendered, tools.helm, tools.kubeconform, tools.openApi);
  const checkov = checkovRow(
    [
      {
        root: join(OUT, 'synth'),
        framework: 'terraform_json',
        parts: rendered.flatMap((r) =>
          Object.entries(r.stackDirs).map(([name, dir]) => ({ label: `${r.combination.id}/${name}`, dir, combination: r.combination })),
        ),
      },
      {
        root: join(OUT, 'manifests'),
        framework: 'kubernetes',
        parts: rendered.map((r) => ({
          label: r.combination.id,
          dir: join(OUT, 'manifests', r.combination.id),
          combination: r.combination,
        })),
      },
    ],
    tools.checkov,
  );
  const trivy = trivyRow(
    COMBINATIONS.map((c) => {
      const stackDirs = renderHcl(c, join(OUT, 'hcl', c.apiServerLocked ? 'api-locked' : 'api-open', c.id));
      return Object.entries(stackDirs).map(([name, dir]) => ({ label: `${c.id}/${name}`, dir }));
    }).flat(),
    tools.trivy,
  );
  const rows: Row[] = [checkov, trivy, ...kubernetes, valuesRow(rendered)];

  printTable(rows);
  const failed = rows.filter((r) => !r.ok).length;
  process.stdout.write(
    '\nterraform validate: not run. The pinned provider releases cannot be built here (see README, "Verification").\n' +
      `verify: ${rows.length - failed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s; work files in ${relative(ROOT, OUT)}/)\n`,
  );
  return failed === 0 ? 0 : 1;
}

/** What checkov scans: the stacks with `terraform_json`, the rendered manifests with `kubernetes`. */
interface CheckovTarget {
  /** Folder holding every file of the framework. */
  readonly root: string;
  readonly framework: 'terraform_json' | 'kubernetes';
  /** The labelled folders to count apart (a stack, a combination's manifests), with their combination. */
  readonly parts: readonly { readonly label: string; readonly dir: string; readonly combination: Combination }[];
}

/**
 * checkov with and without `.checkov.yaml`: the verdict, and what each skip hides. The conditional
 * skips (`CONDITIONAL_SKIPS`) turn failures into skips in the combinations they apply to only.
 */
function checkovRow(targets: readonly CheckovTarget[], version: string): Row {
  const skips = readSkips(readFileSync(CHECKOV_CONFIG, 'utf8'));
  const withConfig: CheckovResult[] = [];
  const withoutConfig: CheckovResult[] = [];
  const byCombination: { combination: Combination; results: CheckovResult[] }[] = [];
  let hiddenTotal = 0;
  let problems = 0;
  for (const target of targets) {
    const configured = runCheckov(target.root, target.framework, { configFile: CHECKOV_CONFIG, cwd: ROOT });
    const bare = runCheckov(target.root, target.framework, { cwd: OUT });
    withoutConfig.push(...bare);
    if (bare.length === 0) {
      log(`  FAIL checkov ${target.framework} found nothing to check in ${relative(ROOT, target.root)}`);
      problems++;
    }
    for (const { label, dir, combination } of target.parts) {
      const raw = resultsUnder(configured, dir);
      byCombination.push({ combination, results: raw });
      const mine = applyConditionalSkips(raw, combination);
      withConfig.push(...mine);
      const count = (o: CheckovResult['outcome']) => mine.filter((r) => r.outcome === o).length;
      const hidden = resultsUnder(bare, dir).filter((r) => skips.some((s) => s.id === r.checkId)).length + count('skipped');
      hiddenTotal += hidden;
      log(`checkov ${target.framework} ${label}: ${count('passed')} passed, ${count('failed')} failed, ${hidden} skipped`);
      for (const r of mine.filter((x) => x.outcome === 'failed')) {
        log(`  FAIL ${r.checkId} ${r.resource} (${relative(ROOT, r.file)}): ${r.checkName}`);
        problems++;
      }
    }
  }
  for (const skip of skips) {
    if (!withoutConfig.some((r) => r.checkId === skip.id && r.outcome === 'failed')) {
      log(`  FAIL .checkov.yaml skips ${skip.id}, which fails nowhere now: remove the skip`);
      problems++;
    }
  }
  for (const skip of CONDITIONAL_SKIPS) {
    const seen = (applies: boolean, outcome: CheckovResult['outcome']) =>
      byCombination
        .filter((c) => skip.applies(c.combination) === applies)
        .flatMap((c) => c.results)
        .filter((r) => r.checkId === skip.id && r.outcome === outcome).length;
    log(
      `checkov ${skip.id}: where ${skip.passesWhen}, passed ${seen(false, 'passed')} times, failed ${seen(false, 'failed')}; elsewhere skipped ${seen(true, 'failed')} times`,
    );
  }
  for (const p of conditionalSkipProblems(byCombination)) {
    log(`  FAIL ${p}`);
    problems++;
  }
  const total = (o: CheckovResult['outcome']) => withConfig.filter((r) => r.outcome === o).length;
  return {
    tool: 'checkov',
    version,
    target: targets
      .map((t) => `${t.framework}: ${t.parts.length} ${t.framework === 'terraform_json' ? 'stacks' : 'manifest sets'}`)
      .join('; '),
    ok: problems === 0,
    result: `${problems === 0 ? 'PASS' : 'FAIL'}: ${total('passed')} passed, ${total('failed')} failed, ${hiddenTotal} skipped (${skips.length} checks in .checkov.yaml, ${CONDITIONAL_SKIPS.length} conditional)`,
  };
}

/**
 * Trivy with and without `.trivyignore.yaml` on the HCL of every stack (folder `hcl/`, with the
 * combinations whose API server is locked under `api-locked/`, the others under `api-open/`).
 */
function trivyRow(parts: readonly { readonly label: string; readonly dir: string }[], version: string): Row {
  const root = join(OUT, 'hcl');
  const binary = toolPath('trivy');
  const ignores = readIgnores(readFileSync(TRIVY_IGNORE, 'utf8'));
  const cacheDir = join(OUT, 'trivy-cache');
  const configured = runTrivy(binary, root, { ignoreFile: TRIVY_IGNORE, cacheDir, cwd: ROOT });
  const bare = runTrivy(binary, root, { cacheDir, cwd: OUT });
  let problems = 0;
  if (bare.length === 0) {
    log(`  FAIL trivy found nothing to check in ${relative(ROOT, root)}`);
    problems++;
  }
  let hiddenTotal = 0;
  for (const { label, dir } of parts) {
    const mine = trivyResultsUnder(configured, dir);
    const count = (results: readonly TrivyResult[], o: TrivyResult['outcome']) => results.filter((r) => r.outcome === o).length;
    const hidden = count(trivyResultsUnder(bare, dir), 'failed') - count(mine, 'failed');
    hiddenTotal += hidden;
    log(`trivy ${label}: ${count(mine, 'passed')} passed, ${count(mine, 'failed')} failed, ${hidden} ignored by .trivyignore.yaml`);
    for (const r of mine.filter((x) => x.outcome === 'failed')) {
      log(`  FAIL ${r.id} ${r.resource} (${relative(ROOT, r.file)}): ${r.title}`);
      problems++;
    }
  }
  for (const p of ignoreProblems(ignores, bare, root)) {
    log(`  FAIL ${p}`);
    problems++;
  }
  const total = (o: TrivyResult['outcome']) => configured.filter((r) => r.outcome === o).length;
  return {
    tool: 'trivy config',
    version,
    target: `HCL (cdktf synth --hcl) of ${parts.length} stacks, offline, bundled checks`,
    ok: problems === 0,
    result: `${problems === 0 ? 'PASS' : 'FAIL'}: ${total('passed')} passed, ${total('failed')} failed, ${hiddenTotal} ignored (${ignores.length} in .trivyignore.yaml)`,
  };
}

/** helm lint and template of the local chart, then kubeconform on everything rendered. */
function kubernetesRows(
  rendered: readonly RenderedCombination[],
  helmVersion: string,
  kubeconformVersion: string,
  openApi: { version: string; path: string },
): Row[] {
  const lint = { checked: 0, failed: 0 };
  const template = { checked: 0, failed: 0 };
  const builtIn: KubeconformResult[] = [];
  const custom: KubeconformResult[] = [];
  const problems: string[] = [];
  const swagger = JSON.parse(readFileSync(openApi.path, 'utf8')) as OpenApiV2;
  const k8sSchemas = join(OUT, 'schemas', `kubernetes-${openApi.version}`);
  mkdirSync(k8sSchemas, { recursive: true });

  for (const r of rendered) {
    const manifests = join(OUT, 'manifests', r.combination.id);
    const helmDir = join(OUT, 'helm', r.combination.id);
    const targets = r.kubernetesVersion.split('.').slice(0, 2).join('.');
    if (!openApi.version.startsWith(`v${targets}.`)) {
      problems.push(
        `${r.combination.id}: the cluster runs Kubernetes ${r.kubernetesVersion} but the schemas are from ${openApi.version}; set KUBERNETES_VERSION in scripts/pins.sh to a v${targets}.x release`,
      );
    }
    mkdirSync(helmDir, { recursive: true });
    mkdirSync(manifests, { recursive: true });
    const files: string[] = [];
    const objects: KubernetesObject[] = [...r.providerObjects];

    const providerFile = join(manifests, 'provider-objects.yaml');
    writeFileSync(providerFile, r.providerObjects.map((o) => `---\n${JSON.stringify(o, null, 2)}\n`).join(''));
    files.push(providerFile);

    for (const release of r.releases.filter((x) => x.manifest !== undefined)) {
      const manifest = release.manifest!;
      // JSON is YAML, and the text helmValues passes to Helm is JSON too
      const valuesFile = join(helmDir, `${release.name}.values.yaml`);
      writeFileSync(valuesFile, JSON.stringify(release.values, null, 2));
      const helmHome = join(OUT, 'helm-home');
      const label = `${r.combination.id} ${release.address}`;

      lint.checked++;
      const lintOut = helmLint(manifest.chartDir, valuesFile, release.namespace, helmHome);
      if (!lintOut.ok) {
        lint.failed++;
        problems.push(`helm lint ${label}:\n${lintOut.output}`);
      }
      template.checked++;
      const out = helmTemplate(release.name, manifest.chartDir, valuesFile, release.namespace, helmHome);
      if (!out.ok) {
        template.failed++;
        problems.push(`helm template ${label}:\n${out.output}`);
        continue;
      }
      const renderedFile = join(manifests, `${release.name}.yaml`);
      writeFileSync(renderedFile, out.yaml);
      files.push(renderedFile);
      objects.push(...manifest.objects);
      const diff = compareObjects(manifest.objects, out.objects);
      if (diff !== undefined) {
        template.failed++;
        problems.push(`helm template ${label} does not render the objects we meant: ${diff}`);
      }
    }

    const crdSchemas = join(OUT, 'schemas', `kaito-${r.combination.kaitoVersion}`);
    mkdirSync(crdSchemas, { recursive: true });
    for (const type of uniqueTypes(objects)) {
      const group = type.apiVersion.includes('/') ? type.apiVersion.split('/')[0] : '';
      try {
        const crdFile = CRD_FILES[group];
        const schema = crdFile
          ? customResourceSchema(parse(readReference(crdFile(r.combination.kaitoVersion))) as CustomResourceDefinition, type)
          : kubernetesSchema(swagger, type);
        writeFileSync(join(crdFile ? crdSchemas : k8sSchemas, schemaFileName(type)), JSON.stringify(schema));
      } catch (err) {
        problems.push(`${r.combination.id}: no schema for ${type.kind} ${type.apiVersion}: ${(err as Error).message}`);
      }
    }
    for (const result of kubeconform(files, [schemaLocation(k8sSchemas), schemaLocation(crdSchemas)])) {
      (CRD_FILES[result.version.split('/')[0]] ? custom : builtIn).push(result);
      if (result.status !== 'statusValid') {
        problems.push(
          `kubeconform ${r.combination.id} ${result.kind}/${result.name} (${relative(ROOT, result.filename)}): ${result.status} ${result.msg}`,
        );
      }
    }
  }

  for (const p of problems) log(`  FAIL ${p}`);
  const verdict = (results: readonly KubeconformResult[]) => {
    const bad = results.filter((x) => x.status !== 'statusValid').length;
    const kinds = [...new Set(results.map((x) => x.kind))].sort().join(', ');
    return { ok: bad === 0 && results.length > 0, text: `${results.length - bad} valid, ${bad} invalid (${kinds || 'nothing rendered'})` };
  };
  const k8s = verdict(builtIn);
  const crd = verdict(custom);
  const versionOk = !problems.some((p) => p.includes('set KUBERNETES_VERSION'));
  const schemaOk = !problems.some((p) => p.includes(': no schema for '));
  const trains = [...new Set(rendered.map((r) => r.combination.kaitoVersion))].join(', ');
  return [
    {
      tool: 'helm lint --strict',
      version: helmVersion,
      target: `local chart kaito-aks-manifests, ${lint.checked} releases`,
      ok: lint.failed === 0 && lint.checked > 0,
      result: `${lint.failed === 0 ? 'PASS' : 'FAIL'}: ${lint.checked - lint.failed} linted clean, ${lint.failed} failed`,
    },
    {
      tool: 'helm template',
      version: helmVersion,
      target: `render == objects meant (Workspace, ai-service), ${template.checked} releases`,
      ok: template.failed === 0 && template.checked > 0,
      result: `${template.failed === 0 ? 'PASS' : 'FAIL'}: ${template.checked - template.failed} identical, ${template.failed} differ`,
    },
    {
      tool: 'kubeconform -strict',
      version: kubeconformVersion,
      target: `Kubernetes ${openApi.version} API (k8s.io/kubernetes OpenAPI)`,
      ok: k8s.ok && versionOk && schemaOk,
      result: `${k8s.ok && versionOk && schemaOk ? 'PASS' : 'FAIL'}: ${k8s.text}`,
    },
    {
      tool: 'kubeconform -strict',
      version: kubeconformVersion,
      target: `Workspace vs Kaito CRD ${trains}`,
      ok: crd.ok && schemaOk,
      result: `${crd.ok && schemaOk ? 'PASS' : 'FAIL'}: ${crd.text}`,
    },
  ];
}

/** Every key passed to a chart, against that chart version's default values. */
function valuesRow(rendered: readonly RenderedCombination[]): Row {
  const charts = new Set<string>();
  let releases = 0;
  let keys = 0;
  let problems = 0;
  for (const r of rendered) {
    for (const release of r.releases) {
      const chartKey = release.repository ? `${release.repository} ${release.chart}@${release.version}` : 'kaito-aks-manifests (local)';
      let defaultsText: string;
      if (release.manifest) {
        defaultsText = readFileSync(join(release.manifest.chartDir, 'values.yaml'), 'utf8');
      } else if (CHART_DEFAULTS[chartKey]) {
        defaultsText = readReference(CHART_DEFAULTS[chartKey]);
      } else {
        log(
          `  FAIL values ${r.combination.id} ${release.address}: no reference default values for ${chartKey}; add its values.yaml to ../shared/reference/ and name it in CHART_DEFAULTS in verify/index.ts`,
        );
        problems++;
        continue;
      }
      charts.add(chartKey);
      releases++;
      keys += countLeaves(release.values);
      for (const f of checkValues(release.values, parse(defaultsText))) {
        log(`  FAIL values ${r.combination.id} ${release.address} (${chartKey}): ${f.path} ${f.problem}`);
        problems++;
      }
    }
  }
  return {
    tool: 'values check (verify/helm-values.ts)',
    version: 'chart defaults in ../shared/reference',
    target: `${charts.size} chart versions, ${releases} releases`,
    ok: problems === 0 && releases > 0,
    result: `${problems === 0 ? 'PASS' : 'FAIL'}: ${keys} values checked, ${problems} unknown or misshapen`,
  };
}

function uniqueTypes(objects: readonly KubernetesObject[]): TypeRef[] {
  const seen = new Map<string, TypeRef>();
  for (const o of objects) seen.set(`${o.apiVersion} ${o.kind}`, { apiVersion: o.apiVersion, kind: o.kind });
  return [...seen.values()];
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function printTable(rows: readonly Row[]): void {
  const header = { tool: 'tool', version: 'version', target: 'target', result: 'result' };
  const cols = ['tool', 'version', 'target', 'result'] as const;
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(header[c].length, ...rows.map((r) => r[c].length))])) as Record<
    (typeof cols)[number],
    number
  >;
  const line = (r: Record<(typeof cols)[number], string>) => `| ${cols.map((c) => r[c].padEnd(width[c])).join(' | ')} |`;
  process.stdout.write(`\n${line(header)}\n|${cols.map((c) => '-'.repeat(width[c] + 2)).join('|')}|\n${rows.map(line).join('\n')}\n`);
}

process.exitCode = main();
