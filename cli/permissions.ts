/**
 * What the deployer may do in the resource group, judged from Azure's permissions API
 * (`Microsoft.Authorization/permissions`, api-version 2022-04-01, `Permissions_ListForResourceGroup`):
 * one entry per role the caller holds there, each with `actions` and `notActions` that may hold `*`
 * wildcards. Pure functions.
 */
import type { Config } from '../config';

/** One permission set of the answer, as the SDK returns it (`Permission` of `@azure/arm-authorization`). */
export interface PermissionRecord {
  /** Allowed actions, with `*` wildcards. */
  readonly actions?: readonly string[];
  /** Actions taken back from `actions`, with `*` wildcards. */
  readonly notActions?: readonly string[];
}

/** An action the deployer needs, and why. */
export interface NeededAction {
  /** The Azure action. */
  readonly action: string;
  /** What needs it. */
  readonly why: string;
}

/** Whether an action pattern (`*` matches anything, case-insensitive, as Azure RBAC compares) covers `action`. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 'i');
  return regex.test(action);
}

/**
 * Whether the permission sets grant `action`: one set whose actions cover it and whose notActions
 * do not (Azure adds up the role assignments; a role's notActions only narrow that role).
 */
export function grants(permissions: readonly PermissionRecord[], action: string): boolean {
  return permissions.some(
    (p) => (p.actions ?? []).some((a) => actionMatches(a, action)) && !(p.notActions ?? []).some((n) => actionMatches(n, action)),
  );
}

/**
 * The role actions the deployer needs to apply the infra stack of `config`: role assignments always
 * (the deployer's own AKS RBAC Cluster Admin, and each workload's role), role definitions for
 * gpu-provisioner's custom role.
 */
export function neededRoleActions(config: Config): NeededAction[] {
  const needed: NeededAction[] = [
    { action: 'Microsoft.Authorization/roleAssignments/write', why: 'the role assignments of the deployer and each workload identity' },
  ];
  if (config.kaito.install === 'helm' && config.kaito.provisionerRole === 'custom') {
    needed.push({
      action: 'Microsoft.Authorization/roleDefinitions/write',
      why: "gpu-provisioner's custom role (KAITO_PROVISIONER_ROLE=custom)",
    });
  }
  return needed;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
