/**
 * Pod Security cases for a real API server (issue 27 item 2): per release train, the inference pod
 * Kaito's own controller generates for every preset and alias (rebuilt from
 * ../shared/reference/kaito/kaito-oracle/workload-<release>.jsonl, the summary of each workload made
 * into a Pod), the labels of the namespace we would put the Workspace in, and whether synth accepts
 * the preset at all. An engine test creates a namespace with `namespaceLabels` and server-side
 * dry-runs each `pod` in it: every case synth accepts (`refusal` undefined) must be admitted, and
 * every case Kaito's pod needs more than our namespace allows must carry a `refusal`.
 *
 *   import { podSecurityCases } from './pod-security-cases';
 *   for (const c of podSecurityCases('0.12.0')) ...
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { RELEASE_VERSIONS, ReleaseVersion, resolvePreset } from '../catalog';
import { ConfigError, loadConfig } from '../config';
import { APP_NAMESPACE_POD_SECURITY, KUBERNETES_NAMES } from '../config/names';
import { Namespace } from '../constructs/namespace';
import { readJsonLines, WORKLOAD_DIR, workloadFiles } from '../scripts/refresh-catalog';

/** A workload line, as far as the Pod needs it (see the kaito-oracle README for the fields). */
interface WorkloadLine {
  readonly model: string;
  readonly workspace: string;
  readonly sku: string;
  readonly container: Record<string, unknown>;
  readonly initContainers?: readonly Record<string, unknown>[];
  readonly otherContainers?: readonly Record<string, unknown>[];
  readonly volumes: readonly {
    readonly name: string;
    readonly type: string;
    readonly path?: string;
    readonly hostPathType?: string;
    readonly medium?: string;
    readonly sizeLimit?: string;
    readonly configMapName?: string;
    readonly secretName?: string;
    readonly claimName?: string;
  }[];
  readonly volumeClaimTemplates?: readonly { readonly name: string }[];
  readonly podSecurityContext?: Record<string, unknown>;
  readonly podSecurityLevel: 'privileged' | 'baseline' | 'restricted';
  readonly tolerations?: readonly unknown[];
}

/** One preset's inference pod, and what we synthesize around it. */
export interface PodSecurityCase {
  readonly release: ReleaseVersion;
  /** The name as KAITO_MODEL takes it (a preset or one of Kaito's aliases). */
  readonly model: string;
  /** The GPU size the workload was generated for. */
  readonly sku: string;
  /** The lowest level that admits the pod, per the API server's dry run when it was recorded. */
  readonly recordedLevel: 'privileged' | 'baseline' | 'restricted';
  /** Our catalog's level for the preset. */
  readonly catalogLevel: 'privileged' | 'baseline' | 'restricted';
  /** The labels of the namespace we put the Workspace in (namespace `pets`). */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  /** The Pod to dry-run in that namespace. */
  readonly pod: Record<string, unknown>;
  /** Why synth refuses KAITO_MODEL=<model> at this release, when it does (no Workspace, no pod). */
  readonly refusal?: string;
}

/** The labels our Namespace construct gives namespace `pets`, as kaito-stack synthesizes it. */
export function appNamespaceLabels(): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), 'kaito-aks-pod-security-'));
  try {
    const stack = new TerraformStack(Testing.app({ outdir }), 'pod-security');
    const ns = new Namespace(stack, 'AppNamespace', { name: KUBERNETES_NAMES.appNamespace, enforce: APP_NAMESPACE_POD_SECURITY });
    return { ...(ns.resource.metadata.labelsInput as Record<string, string>) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The Pod of a workload line: its template's spec, volumeClaimTemplates as PVC volumes (as recorded). */
function podOf(w: WorkloadLine, namespace: string): Record<string, unknown> {
  const volume = (v: WorkloadLine['volumes'][number]): Record<string, unknown> => {
    switch (v.type) {
      case 'hostPath':
        return { name: v.name, hostPath: { path: v.path, ...(v.hostPathType ? { type: v.hostPathType } : {}) } };
      case 'emptyDir':
        return {
          name: v.name,
          emptyDir: { ...(v.medium ? { medium: v.medium } : {}), ...(v.sizeLimit ? { sizeLimit: v.sizeLimit } : {}) },
        };
      case 'configMap':
        return { name: v.name, configMap: { name: v.configMapName } };
      case 'secret':
        return { name: v.name, secret: { secretName: v.secretName } };
      case 'persistentVolumeClaim':
        return { name: v.name, persistentVolumeClaim: { claimName: v.claimName } };
      default:
        throw new Error(`${w.model}: volume ${v.name} of unknown type ${v.type}`);
    }
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `probe-${w.workspace}`.slice(0, 63).replace(/-+$/, ''), namespace },
    spec: {
      ...(w.initContainers?.length ? { initContainers: w.initContainers } : {}),
      containers: [w.container, ...(w.otherContainers ?? [])],
      volumes: [
        ...w.volumes.map(volume),
        ...(w.volumeClaimTemplates ?? []).map((t) => ({
          name: t.name,
          persistentVolumeClaim: { claimName: `${t.name}-${w.workspace}-0` },
        })),
      ],
      securityContext: w.podSecurityContext ?? {},
      ...(w.tolerations ? { tolerations: w.tolerations } : {}),
    },
  };
}

/** Why synth refuses `model` at `release`, if it does. */
function refusalOf(release: ReleaseVersion, model: string): string | undefined {
  const preset = resolvePreset(release, model)?.preset;
  try {
    loadConfig({
      KAITO_VERSION: release,
      KAITO_MODEL: model,
      ...(preset?.downloadAuthRequired ? { KAITO_MODEL_ACCESS_SECRET: 'hf-token' } : {}),
    });
    return undefined;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err.issues.map((i) => `${i.variable}: ${i.message}`).join('\n');
  }
}

/** The cases of `release`: every workload Kaito generated on its default size, one per preset and alias. */
export function podSecurityCases(release: ReleaseVersion): PodSecurityCase[] {
  const namespaceLabels = appNamespaceLabels();
  return readJsonLines<WorkloadLine>(join(WORKLOAD_DIR, workloadFiles(release)[0])).map((w) => {
    const preset = resolvePreset(release, w.model)?.preset;
    if (!preset) throw new Error(`${release} ${w.model}: not in our catalog`);
    return {
      release,
      model: w.model,
      sku: w.sku,
      recordedLevel: w.podSecurityLevel,
      catalogLevel: preset.podSecurityLevel,
      namespaceLabels,
      pod: podOf(w, KUBERNETES_NAMES.appNamespace),
      refusal: refusalOf(release, w.model),
    };
  });
}

/** Every train's cases. */
export function allPodSecurityCases(): PodSecurityCase[] {
  return RELEASE_VERSIONS.flatMap((release) => podSecurityCases(release));
}
