/**
 * Synthesizes kaito-aks for every combination `npm run verify` checks and collects, from the same
 * run, what the external tools need: the stack folders (checkov), the Kubernetes objects and the
 * local chart (kubeconform, helm) and the values passed to each chart (the values check).
 *
 * In `cdk.tf.json` the objects and values are JSON text with Terraform references inside
 * (`${jsonencode(...)}`, see constructs/helm-values.ts), so they are taken from the constructs and
 * resolved to plain data (a reference stays a string such as
 * `${data.azurerm_user_assigned_identity.X.client_id}`). Each one is tied back to the synthesized
 * file: its `helmValues` text must equal the `values` of a `helm_release` there.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { buildStacks } from '../app';
import { loadConfig } from '../config';
import { RELEASE_VERSIONS, ReleaseVersion } from '../catalog/release-trains';
import type { KubernetesObject } from '../constructs/manifest-release';
import { ManifestRelease } from '../constructs/manifest-release';
import { KaitoOperator } from '../constructs/kaito-operator';
import { helmValues } from '../constructs/helm-values';

/** The ai-service backends. */
export const BACKENDS = ['local-llm', 'azure-openai'] as const;

/** One configuration `npm run verify` synthesizes and checks. */
export interface Combination {
  /** Folder name and label, e.g. `kaito-0.10.0-local-llm`. */
  readonly id: string;
  /** The Kaito release train. */
  readonly kaitoVersion: ReleaseVersion;
  /** The ai-service backend. */
  readonly backend: (typeof BACKENDS)[number];
  /** How Kaito is installed. */
  readonly install: 'helm' | 'aks-addon';
  /** The environment given to `loadConfig`. */
  readonly env: Readonly<Record<string, string>>;
  /** Whether `AKS_API_SERVER_AUTHORIZED_IP_RANGES` is set: the API server is closed to other addresses. */
  readonly apiServerLocked: boolean;
}

/** A model each release train serves (falcon presets end with 0.10.0). */
const MODEL_BY_RELEASE: Readonly<Record<ReleaseVersion, string>> = {
  '0.10.0': 'falcon-7b-instruct',
  '0.12.0': 'phi-4-mini-instruct',
};

/** The allow-list of the locked combinations: TEST-NET-3, the documentation range of RFC 5737. */
export const LOCKED_API_SERVER_RANGES = '203.0.113.0/24';

/**
 * Every release train with both ai-service backends, installed with Helm, plus the AKS add-on mode.
 * The last Helm combination also locks the API server to {@link LOCKED_API_SERVER_RANGES}, so that
 * the scanners' API server checks are seen passing where the setting is on.
 */
export const COMBINATIONS: readonly Combination[] = [
  ...RELEASE_VERSIONS.flatMap((kaitoVersion) =>
    BACKENDS.map((backend) =>
      combination(
        'helm',
        kaitoVersion,
        backend,
        kaitoVersion === RELEASE_VERSIONS[RELEASE_VERSIONS.length - 1] && backend === 'azure-openai',
      ),
    ),
  ),
  combination('aks-addon', '0.10.0', 'local-llm', false),
];

function combination(
  install: Combination['install'],
  kaitoVersion: ReleaseVersion,
  backend: Combination['backend'],
  apiServerLocked: boolean,
): Combination {
  return {
    id: `${install === 'helm' ? 'kaito' : install}-${kaitoVersion}-${backend}${apiServerLocked ? '-api-locked' : ''}`,
    kaitoVersion,
    backend,
    install,
    env: {
      KAITO_INSTALL: install,
      KAITO_VERSION: kaitoVersion,
      KAITO_MODEL: MODEL_BY_RELEASE[kaitoVersion],
      DEPLOY_AZURE_OPENAI: String(backend === 'azure-openai'),
      ...(apiServerLocked ? { AKS_API_SERVER_AUTHORIZED_IP_RANGES: LOCKED_API_SERVER_RANGES } : {}),
    },
    apiServerLocked,
  };
}

/** A `helm_release` of the synthesized output with the values object it passes. */
export interface RenderedRelease {
  /** Stack name. */
  readonly stack: string;
  /** Terraform address, `helm_release.<logical id>`. */
  readonly address: string;
  /** Release name. */
  readonly name: string;
  /** Release namespace. */
  readonly namespace: string;
  /** Chart name, or for a local chart its folder relative to the stack folder. */
  readonly chart: string;
  /** Chart repository; absent for a local chart. */
  readonly repository?: string;
  /** Chart version; absent for a local chart. */
  readonly version?: string;
  /** The values passed, as plain data. */
  readonly values: unknown;
  /** For a release of the generated local chart: its folder and the objects it should render. */
  readonly manifest?: { readonly chartDir: string; readonly objects: readonly KubernetesObject[] };
}

/** Everything the checks need from one synthesized combination. */
export interface RenderedCombination {
  /** The combination. */
  readonly combination: Combination;
  /** Stack folders, by stack name. */
  readonly stackDirs: Readonly<Record<string, string>>;
  /** The `kubernetes_version` of the AKS cluster, from the infra stack. */
  readonly kubernetesVersion: string;
  /** Every `helm_release`. */
  readonly releases: readonly RenderedRelease[];
  /** Objects created with the kubernetes provider (the namespace), as manifests. */
  readonly providerObjects: readonly KubernetesObject[];
}

interface SynthesizedJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Terraform resource types of the kubernetes provider that verify renders as manifests. */
const PROVIDER_OBJECT_KINDS: Readonly<Record<string, { apiVersion: string; kind: string }>> = {
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace' },
};

/** Synthesizes `combination` into `outdir` (a cdktf output folder) and collects what the checks need. */
export function renderCombination(combination: Combination, outdir: string): RenderedCombination {
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  const { infra, kaito } = buildStacks(app, loadConfig(combination.env));
  app.synth();

  const stackDirs: Record<string, string> = {};
  const json: Record<string, SynthesizedJson> = {};
  for (const stack of [infra, kaito]) {
    const name = stack.node.id;
    stackDirs[name] = join(outdir, 'stacks', name);
    json[name] = JSON.parse(readFileSync(join(stackDirs[name], 'cdk.tf.json'), 'utf8')) as SynthesizedJson;
  }

  const clusters = Object.values(json[infra.node.id].resource?.azurerm_kubernetes_cluster ?? {});
  if (clusters.length !== 1) throw new Error(`Expected one azurerm_kubernetes_cluster in stack ${infra.node.id}, found ${clusters.length}`);
  const kubernetesVersion = String(clusters[0].kubernetes_version);

  const resolve = (stack: TerraformStack, value: unknown): unknown =>
    Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });

  const candidates: { values: object; manifest?: ManifestRelease }[] = [
    // the AKS add-on installs Kaito itself: no operator releases, no values to check
    ...(kaito.operator instanceof KaitoOperator
      ? [{ values: kaito.operator.gpuProvisionerValues }, { values: kaito.operator.workspaceValues }]
      : []),
    { values: kaito.storeApp.values },
    ...kaito.node
      .findAll()
      .filter((c): c is ManifestRelease => c instanceof ManifestRelease)
      .map((m) => ({ values: { objects: m.objects }, manifest: m })),
  ];

  const releases: RenderedRelease[] = [];
  for (const stack of [infra, kaito]) {
    for (const release of stack.node.findAll().filter((c): c is Release => c instanceof Release)) {
      const address = `helm_release.${stack.getLogicalId(release)}`;
      const attrs = json[stack.node.id].resource?.helm_release?.[stack.getLogicalId(release)];
      if (attrs === undefined) throw new Error(`${address} is not in the synthesized stack ${stack.node.id}`);
      const synthesizedValues = attrs.values as string[] | undefined;
      const match = candidates.find(
        (c) => synthesizedValues?.length === 1 && resolve(stack, helmValues(c.values)) === synthesizedValues[0],
      );
      if (match === undefined) {
        throw new Error(
          `${address} (chart ${String(attrs.chart)}) passes values verify cannot trace to a values object; add that object to the candidates in verify/render.ts`,
        );
      }
      releases.push({
        stack: stack.node.id,
        address,
        name: String(attrs.name),
        namespace: String(attrs.namespace),
        chart: String(attrs.chart),
        repository: attrs.repository as string | undefined,
        version: attrs.version as string | undefined,
        values: resolve(stack, match.values),
        manifest: match.manifest && {
          chartDir: join(stackDirs[stack.node.id], String(attrs.chart)),
          objects: resolve(stack, match.manifest.objects) as KubernetesObject[],
        },
      });
    }
  }

  const providerObjects: KubernetesObject[] = [];
  for (const [name, stackJson] of Object.entries(json)) {
    for (const [type, byId] of Object.entries(stackJson.resource ?? {})) {
      if (!type.startsWith('kubernetes_')) continue;
      const kind = PROVIDER_OBJECT_KINDS[type];
      if (kind === undefined)
        throw new Error(`Stack ${name} has a ${type}, which verify does not render; add it to PROVIDER_OBJECT_KINDS in verify/render.ts`);
      for (const attrs of Object.values(byId)) {
        providerObjects.push({ ...kind, metadata: attrs.metadata as KubernetesObject['metadata'] });
      }
    }
  }
  return { combination, stackDirs, kubernetesVersion, releases, providerObjects };
}

/**
 * Synthesizes `combination` again as HCL (`cdk.tf`, what `cdktf synth --hcl` writes) into `outdir`,
 * for Trivy: it misreads nested blocks of `.tf.json` (it reports the `oms_agent` and
 * `network_profile` of the cluster as missing). Returns the stack folders, by stack name.
 */
export function renderHcl(combination: Combination, outdir: string): Record<string, string> {
  mkdirSync(outdir, { recursive: true });
  // cdktf 0.21 reads this in each TerraformStack's constructor (terraform-stack.js), as `cdktf synth --hcl` sets it
  const previous = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = 'true';
  try {
    const app = new App({ outdir, hclOutput: true });
    const { infra, kaito } = buildStacks(app, loadConfig(combination.env));
    app.synth();
    return Object.fromEntries([infra, kaito].map((stack) => [stack.node.id, join(outdir, 'stacks', stack.node.id)]));
  } finally {
    if (previous === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = previous;
  }
}
