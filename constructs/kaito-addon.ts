import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import type { KaitoRelease } from '../catalog/release-trains';
import type { IKaitoOperator } from './kaito-operator-interface';
import { KaitoWorkspace, KaitoWorkspaceOptions } from './kaito-workspace';

/** Properties of a {@link KaitoAddon}. */
export interface KaitoAddonProps {
  /** The Kaito release the add-on is assumed to run (AKS decides; see `AKS_ADDON_TRAIN`). */
  readonly release: KaitoRelease;
}

/**
 * Kaito as the AKS managed add-on (`AksCluster` with `kaitoAddonEnabled`): AKS installs the
 * controller, its CRDs and the node provisioner with the cluster, so this creates nothing; it is
 * what Workspaces are added to. There is nothing to wait for either: the cluster, and so the add-on,
 * exists before the cluster stack is deployed.
 */
export class KaitoAddon extends Construct implements IKaitoOperator {
  /** The Kaito release the add-on is assumed to run. */
  public readonly release: KaitoRelease;
  /** Nothing: the add-on came with the cluster. */
  public readonly dependables: readonly ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: KaitoAddonProps) {
    super(scope, id);
    this.release = props.release;
  }

  /** Adds a Workspace served by the add-on. */
  public addWorkspace(id: string, options: KaitoWorkspaceOptions): KaitoWorkspace {
    return new KaitoWorkspace(this, id, { ...options, operator: this });
  }
}
