import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import type { GpuSku, KaitoRelease, KaitoVersion, PodSecurityLevel } from '../catalog';
import { boundedName, DNS_1123_LABEL, workspaceEndpoint } from '../config/names';
import { KubernetesObject, ManifestRelease } from './manifest-release';
import { admits, Namespace } from './namespace';
import { requireWholeNumber } from './guards';

/** What a Workspace needs from the Kaito serving it (`IKaitoOperator` in `kaito-operator-interface.ts`). */
export interface WorkspaceOperator {
  /** The Kaito release the operator runs: Workspace API version, presets, GPU sizes. */
  readonly release: KaitoRelease;
  /** What a Workspace must be installed after and, on destroy, removed before. */
  readonly dependables: readonly ITerraformDependable[];
}

/** Options of `IKaitoOperator.addWorkspace`. */
export interface KaitoWorkspaceOptions {
  /** Workspace name; also the name of the Service Kaito creates for it. */
  readonly name: string;
  /** Namespace of the Workspace and its Service. */
  readonly namespace: Namespace;
  /** The preset to serve: its name, as the release spells it, and the release that serves it. */
  readonly preset: {
    readonly name: string;
    readonly release: KaitoVersion;
    /** vLLM's `--served-model-name` for the preset; unset where Kaito's data does not record it (ai-service then takes the model `/v1/models` lists). */
    readonly servedModelName?: string;
    /** The lowest Pod Security level that admits Kaito's inference pod; unset where not recorded (not checked). */
    readonly podSecurityLevel?: PodSecurityLevel;
    /** Node paths the pod mounts (hostPath volumes). */
    readonly hostPaths?: readonly string[];
  };
  /** GPU size of the nodes Kaito provisions. */
  readonly instanceType: GpuSku;
  /**
   * GPU nodes requested (`resource.count`: from Kaito 0.8 on, deprecated and only the starting point
   * of the node estimate; at 0.6.0, the add-on's version, exactly the nodes Kaito provisions).
   * @default 1
   */
  readonly nodeCount?: number;
  /**
   * Secret in the namespace with key `HF_TOKEN`, for presets whose weights need a token.
   * @default - none
   */
  readonly modelAccessSecret?: string;
  /**
   * How long Helm waits, seconds: on destroy, for Kaito to remove the Workspace and its GPU node
   * pool; on install and upgrade, for the release to be applied.
   * @default 1800
   */
  readonly deleteTimeoutSeconds?: number;
}

/** Properties of a {@link KaitoWorkspace}. */
export interface KaitoWorkspaceProps extends KaitoWorkspaceOptions {
  /** The operator serving the Workspace: Kaito's Helm releases or the AKS add-on. */
  readonly operator: WorkspaceOperator;
}

/**
 * A Kaito Workspace that serves a preset model on GPU nodes Kaito provisions, with an internal
 * (ClusterIP) Service that speaks the OpenAI API (vLLM) on port 80.
 */
export class KaitoWorkspace extends Construct {
  /** Workspace name. */
  public readonly workspaceName: string;
  /** Namespace. */
  public readonly namespace: string;
  /** OpenAI-compatible base URL inside the cluster, `http://<name>.<namespace>.svc/v1`. */
  public readonly endpoint: string;
  /**
   * The model name vLLM serves (`/v1/models`, the `model` of a chat completion): Kaito's
   * `--served-model-name` for the preset, not always the preset name; undefined where Kaito's data
   * does not record it (Kaito 0.6.0).
   */
  public readonly modelName?: string;
  /** The Workspace object. */
  public readonly workspace: KubernetesObject;
  /** The release holding the Workspace. */
  public readonly manifest: ManifestRelease;

  constructor(scope: Construct, id: string, props: KaitoWorkspaceProps) {
    super(scope, id);
    const nodeCount = props.nodeCount ?? 1;
    const deleteTimeoutSeconds = props.deleteTimeoutSeconds ?? 1800;
    if (!DNS_1123_LABEL.test(props.name) || !/^[a-z]/.test(props.name)) {
      throw new Error(
        `KaitoWorkspace name must be a DNS-1035 label (lowercase letters, digits, '-', starting with a letter, at most 63), got "${props.name}"`,
      );
    }
    requireWholeNumber('KaitoWorkspace', 'nodeCount', nodeCount, { min: 1 });
    if (!props.instanceType.kaitoReleases.includes(props.operator.release.version)) {
      throw new Error(
        `KaitoWorkspace instanceType ${props.instanceType.name} is not in Kaito ${props.operator.release.version}'s GPU size table`,
      );
    }
    if (props.preset.release !== props.operator.release.version) {
      throw new Error(
        `KaitoWorkspace preset ${props.preset.name} is from Kaito ${props.preset.release}, but the operator runs ${props.operator.release.version}`,
      );
    }
    if (props.preset.podSecurityLevel !== undefined && !admits(props.namespace.enforce, props.preset.podSecurityLevel)) {
      throw new Error(
        `KaitoWorkspace preset ${props.preset.name}: Kaito ${props.preset.release}'s inference pod needs Pod Security "${props.preset.podSecurityLevel}"${
          props.preset.hostPaths?.length ? ` (it mounts the node path ${props.preset.hostPaths.join(', ')})` : ''
        }, but namespace ${props.namespace.namespaceName} enforces "${props.namespace.enforce}", which refuses the pod`,
      );
    }

    this.workspaceName = props.name;
    this.namespace = props.namespace.namespaceName;
    this.endpoint = workspaceEndpoint(props.name, props.namespace.namespaceName);
    this.modelName = props.preset.servedModelName;
    this.workspace = {
      apiVersion: props.operator.release.workspaceApiVersion,
      kind: 'Workspace',
      metadata: { name: props.name, namespace: props.namespace.namespaceName },
      resource: {
        count: nodeCount,
        instanceType: props.instanceType.name,
        // a label of our own: Kaito puts it on the nodes it provisions and selects them by it
        labelSelector: { matchLabels: { apps: props.name } },
      },
      inference: {
        preset: {
          name: props.preset.name,
          ...(props.modelAccessSecret ? { presetOptions: { modelAccessSecret: props.modelAccessSecret } } : {}),
        },
      },
    };
    this.manifest = new ManifestRelease(this, 'Manifest', {
      releaseName: boundedName(props.name, 53),
      namespace: props.namespace.namespaceName,
      objects: [this.workspace],
      // Helm waits on uninstall until the Workspace is gone, i.e. until Kaito's finalizer has
      // deleted the GPU node pool, while the node provisioner (a dependency) still runs.
      wait: true,
      timeoutSeconds: deleteTimeoutSeconds,
      dependsOn: [...props.operator.dependables, props.namespace.resource],
    });
  }
}
