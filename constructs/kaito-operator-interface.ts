import type { IConstruct } from 'constructs';
import type { KaitoWorkspace, KaitoWorkspaceOptions, WorkspaceOperator } from './kaito-workspace';

/**
 * A running Kaito that Workspaces can be added to: installed with Helm ({@link KaitoOperator}), or
 * the AKS add-on ({@link KaitoAddon}).
 */
export interface IKaitoOperator extends IConstruct, WorkspaceOperator {
  /** Adds a Workspace served by this operator. */
  addWorkspace(id: string, options: KaitoWorkspaceOptions): KaitoWorkspace;
}
