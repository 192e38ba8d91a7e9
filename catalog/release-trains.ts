/**
 * Kaito release trains: a coherent, tested set of upstream versions.
 *
 * Sources: `kaito-project/kaito` releases v0.10.0 and v0.12.0 (chart values and CRDs in
 * `../shared/reference/kaito/`, read by the tests), `Azure/gpu-provisioner` chart releases 0.4.1 and 0.4.3.
 * The `gpu-provisioner` chart that the Kaito repo still hosts is frozen at 0.2.0 (old Machine API)
 * and does not work with these controllers: the live chart comes from the gpu-provisioner repo.
 */

/** The release trains this project supports, oldest first. */
export const RELEASE_VERSIONS = ['0.10.0', '0.12.0'] as const;

/** A supported Kaito release train, e.g. `0.10.0`. */
export type ReleaseVersion = (typeof RELEASE_VERSIONS)[number];

/**
 * Kaito versions this project knows only as the AKS add-on runs them: no Helm train (no tested
 * gpu-provisioner pairing, and their charts would be unused), no node estimator. See `addon-release.ts`.
 */
export const ADDON_RELEASE_VERSIONS = ['0.6.0'] as const;

/** A Kaito version known only through the AKS add-on, e.g. `0.6.0`. */
export type AddonReleaseVersion = (typeof ADDON_RELEASE_VERSIONS)[number];

/** Every Kaito version `KAITO_VERSION` takes, oldest first: the add-on's, then the Helm trains. */
export const KAITO_VERSIONS = [...ADDON_RELEASE_VERSIONS, ...RELEASE_VERSIONS] as const;

/** Any Kaito version this project judges Workspaces for. */
export type KaitoVersion = (typeof KAITO_VERSIONS)[number];

/** A Helm chart pinned by repository, name and version. */
export interface ChartRef {
  /** Helm repository URL. */
  readonly repository: string;
  /** Chart name in that repository. */
  readonly chart: string;
  /** Exact chart version. */
  readonly version: string;
}

/** The node estimator rule of one Kaito release (`pkg/workspace/estimator/nodesestimator`). */
export interface EstimatorRule {
  /** Fraction of GPU memory vLLM may use (`--gpu-memory-utilization`). */
  readonly gpuMemoryUtilization: number;
  /** Fixed per-GPU runtime overhead, GiB (CUDA context, NCCL, activations, CUDA graphs). */
  readonly baseOverheadGiB: number;
  /** Context length the estimator sizes the KV cache for unless configured, tokens. */
  readonly defaultMaxModelLen: number;
  /** On-disk weights grow by this factor once loaded by vLLM. */
  readonly weightExpansionFactor: number;
  /** Extra per-GPU overhead as a fraction of the per-GPU weights (0 before v0.12.0). */
  readonly overheadWeightFactor: number;
}

/** What a Workspace needs from any Kaito version: a Helm train or the add-on's 0.6.0. */
export interface KaitoRelease {
  /** Kaito version, e.g. `0.10.0`. */
  readonly version: KaitoVersion;
  /** The Workspace API version to emit (the CRD's storage version). */
  readonly workspaceApiVersion: string;
}

/** Everything that differs between Kaito releases. */
export interface ReleaseTrain extends KaitoRelease {
  /** Kaito version, e.g. `0.10.0`. */
  readonly version: ReleaseVersion;
  /** The Kaito controller chart (`workspace`). */
  readonly workspaceChart: ChartRef;
  /** The matching gpu-provisioner chart. */
  readonly gpuProvisionerChart: ChartRef;
  /** Feature gates passed to the workspace chart. */
  readonly featureGates: Readonly<Record<string, boolean>>;
  /** The node estimator rule of this release. */
  readonly estimator: EstimatorRule;
}

const KAITO_CHARTS = 'https://kaito-project.github.io/kaito/charts/kaito';
const GPU_PROVISIONER_CHARTS = 'https://azure.github.io/gpu-provisioner/charts';

const ESTIMATOR_BASE: EstimatorRule = {
  gpuMemoryUtilization: 0.84,
  baseOverheadGiB: 2.3,
  defaultMaxModelLen: 2048,
  weightExpansionFactor: 1.02,
  overheadWeightFactor: 0,
};

/** The supported release trains, keyed by version. */
export const RELEASE_TRAINS: Readonly<Record<ReleaseVersion, ReleaseTrain>> = {
  '0.10.0': {
    version: '0.10.0',
    workspaceChart: { repository: KAITO_CHARTS, chart: 'workspace', version: '0.10.0' },
    gpuProvisionerChart: { repository: GPU_PROVISIONER_CHARTS, chart: 'gpu-provisioner', version: '0.4.1' },
    workspaceApiVersion: 'kaito.sh/v1beta1',
    // v0.10.0 chart defaults, stated so an upgrade of the chart cannot flip them silently.
    featureGates: { vLLM: true, disableNodeAutoProvisioning: false },
    estimator: ESTIMATOR_BASE,
  },
  '0.12.0': {
    version: '0.12.0',
    workspaceChart: { repository: KAITO_CHARTS, chart: 'workspace', version: '0.12.0' },
    gpuProvisionerChart: { repository: GPU_PROVISIONER_CHARTS, chart: 'gpu-provisioner', version: '0.4.3' },
    workspaceApiVersion: 'kaito.sh/v1beta1',
    featureGates: { vLLM: true, disableNodeAutoProvisioning: false },
    // v0.12.0 adds 5% of the per-GPU weights to the overhead.
    estimator: { ...ESTIMATOR_BASE, overheadWeightFactor: 0.05 },
  },
};

/** The default release train: the last one that serves the workshop's falcon-7b-instruct. */
export const DEFAULT_RELEASE: ReleaseVersion = '0.10.0';
