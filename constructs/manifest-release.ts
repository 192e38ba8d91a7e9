import { join } from 'node:path';
import { Construct } from 'constructs';
import { AssetType, ITerraformDependable, TerraformAsset, TerraformStack } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { helmValues } from './helm-values';

/** A Kubernetes object as plain data: what a manifest file holds. */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** Properties of a {@link ManifestRelease}. */
export interface ManifestReleaseProps {
  /** Helm release name (at most 53 characters, Helm's limit). */
  readonly releaseName: string;
  /** Namespace of the release and of its namespaced objects. */
  readonly namespace: string;
  /** The objects to install; values may hold Terraform references, resolved at apply. */
  readonly objects: readonly KubernetesObject[];
  /**
   * Wait for the objects to be ready on install and gone on uninstall.
   * @default true
   */
  readonly wait?: boolean;
  /**
   * How long Helm waits, seconds.
   * @default 300
   */
  readonly timeoutSeconds?: number;
  /**
   * What must exist before the release is installed, and so outlive it on destroy.
   * @default - nothing
   */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * The chart every ManifestRelease installs, shipped in `manifest-chart/`: its one template renders
 * `.Values.objects`, one YAML document each.
 */
export const MANIFEST_CHART_DIR = join(__dirname, 'manifest-chart');

/**
 * A Helm release of Kubernetes objects that the program generates. Unlike `kubernetes_manifest`,
 * it plans without the objects' CRDs or a reachable cluster, so a Workspace can go in with the same
 * apply that installs Kaito; Helm also removes objects a later version no longer has.
 */
export class ManifestRelease extends Construct {
  /** The release, for `dependsOn`. */
  public readonly release: Release;
  /** The objects installed, for inspection and validation. */
  public readonly objects: readonly KubernetesObject[];

  constructor(scope: Construct, id: string, props: ManifestReleaseProps) {
    super(scope, id);
    const wait = props.wait ?? true;
    const timeoutSeconds = props.timeoutSeconds ?? 300;
    if (props.releaseName.length > 53) {
      throw new Error(
        `ManifestRelease releaseName must be at most 53 characters (Helm's limit), got ${props.releaseName.length}: ${props.releaseName}`,
      );
    }
    for (const o of props.objects) {
      if (o.metadata.namespace !== undefined && o.metadata.namespace !== props.namespace) {
        throw new Error(
          `ManifestRelease ${props.releaseName}: ${o.kind}/${o.metadata.name} is in namespace ${o.metadata.namespace}, not the release namespace ${props.namespace}`,
        );
      }
    }
    this.objects = props.objects;
    this.release = new Release(this, 'Resource', {
      name: props.releaseName,
      namespace: props.namespace,
      chart: manifestChart(this).path,
      values: [helmValues({ objects: props.objects })],
      wait,
      timeout: timeoutSeconds,
      atomic: true,
      cleanupOnFail: true,
      dependsOn: props.dependsOn,
    });
  }
}

/** One asset per stack for the chart, copied into the stack's output folder at synth. */
function manifestChart(scope: Construct): TerraformAsset {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild('ManifestChart');
  if (existing instanceof TerraformAsset) return existing;
  return new TerraformAsset(stack, 'ManifestChart', { path: MANIFEST_CHART_DIR, type: AssetType.DIRECTORY });
}
