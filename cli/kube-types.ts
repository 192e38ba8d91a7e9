/**
 * The API objects the CLI reads, as the API server sends them (JSON, timestamps as strings).
 *
 * Core objects use the kubernetes-models types (type-only imports: nothing is loaded at run time).
 * Kaito's Workspace and Karpenter's NodeClaim have no published TypeScript types; the interfaces below
 * hold the fields the CLI reads, named as in the CRDs: Kaito `kaito.sh/v1beta1` Workspace (0.10.0 and
 * 0.12.0, `../shared/reference/kaito/`) and `karpenter.sh/v1` NodeClaim (the CRD the
 * gpu-provisioner 0.4 chart installs, `crds/karpenter.sh_nodeclaims.yaml` in its packages in
 * `../shared/reference/charts/`).
 */
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IEvent } from 'kubernetes-models/v1/Event';
import type { INode } from 'kubernetes-models/v1/Node';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';

export type { IConfigMap as ConfigMap, IEvent as KubeEvent, INode as KubeNode, IPod as Pod, ISecret as Secret, IService as Service };
export type { IDeployment as Deployment };

/** A `metav1.Condition`, the condition type of both the Workspace and the NodeClaim. */
export interface Condition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
  readonly lastTransitionTime?: string;
  /** The `metadata.generation` the controller had seen when it set this condition. */
  readonly observedGeneration?: number;
}

/** Object metadata fields the CLI reads. */
export interface Metadata {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: string;
  readonly deletionTimestamp?: string;
  /** Bumped by the API server on every change of the spec. */
  readonly generation?: number;
  /** What must finish before the object goes, e.g. Kaito's `workspace.finalizer.kaito.sh`. */
  readonly finalizers?: readonly string[];
}

/** A Kaito Workspace (`kaito.sh/v1beta1`). */
export interface Workspace {
  readonly apiVersion: string;
  readonly kind: 'Workspace';
  readonly metadata: Metadata;
  readonly resource?: { readonly instanceType?: string; readonly count?: number };
  readonly inference?: { readonly preset?: { readonly name?: string } };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly workerNodes?: readonly string[];
    /** `Pending`, `Ready`, `NotReady` for inference (Kaito 0.10.0 and later). */
    readonly state?: string;
    readonly targetNodeCount?: number;
    /** The start-up benchmark's figures, by metric name (Kaito 0.12.0 `WorkspaceStatus.Performance`). */
    readonly performance?: {
      readonly metrics?: Readonly<
        Record<
          string,
          { readonly description?: string; readonly value?: string; readonly unit?: string; readonly config?: Record<string, string> }
        >
      >;
    };
  };
}

/** A Karpenter NodeClaim (`karpenter.sh/v1`), which gpu-provisioner turns into an AKS node pool. */
export interface NodeClaim {
  readonly apiVersion: string;
  readonly kind: 'NodeClaim';
  readonly metadata: Metadata;
  readonly spec?: {
    readonly requirements?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
  };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly nodeName?: string;
    readonly providerID?: string;
  };
}

/** A list response. */
export interface KubeList<T> {
  readonly items: readonly T[];
}

/** The Workspace's condition types that mark progress (Kaito `api/v1beta1/condition_types.go`). */
export const WORKSPACE_CONDITIONS = {
  nodeClaim: 'NodeClaimReady',
  resource: 'ResourceReady',
  inference: 'InferenceReady',
  succeeded: 'WorkspaceSucceeded',
} as const;

/** The NodeClaim lifecycle conditions, in order (Karpenter v1 `ConditionTypeLaunched`, ...). */
export const NODECLAIM_LIFECYCLE = ['Launched', 'Registered', 'Initialized'] as const;

/**
 * Labels Kaito puts on what it creates for a Workspace (Kaito `api/v1beta1/labels.go`): the NodeClaims
 * carry both, the inference pods carry the name label.
 */
export const KAITO_LABELS = {
  workspace: 'kaito.sh/workspace',
  workspaceNamespace: 'kaito.sh/workspacenamespace',
} as const;

/** The NodeClaim API gpu-provisioner 0.4.x serves. */
export const NODECLAIM_API = 'karpenter.sh/v1';

/** Finds a condition by type. */
export function findCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}
