import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DataAzurermSubscription } from '@cdktf/provider-azurerm/lib/data-azurerm-subscription';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';

/**
 * Built-in Azure role definition IDs, named after the role. IDs, not names: names are localized
 * and can be renamed, IDs are stable across clouds and tenants.
 */
export const AZURE_ROLES = {
  /**
   * Full management of the scope. gpu-provisioner works with it on the cluster (upstream's setup), but
   * needs far less: see `KAITO_PROVISIONER_ROLE` and `catalog/provisioner-permissions.ts`.
   */
  CONTRIBUTOR: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  /** Calls the Azure OpenAI inference APIs, nothing else (data plane only). */
  COGNITIVE_SERVICES_OPENAI_USER: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
  /** Full access to the Kubernetes API of one cluster through Azure RBAC. */
  AKS_RBAC_CLUSTER_ADMIN: 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
} as const;

/** Options of a role assignment made by a `grantXxx` method. */
export interface GrantRoleProps {
  /** The resource ID the role applies to: the narrowest scope that works. */
  readonly scope: string;
  /** The role's definition ID, from `AZURE_ROLES`. */
  readonly roleDefinitionGuid: string;
  /** Object ID of the principal. */
  readonly principalId: string;
  /**
   * Principal type; set it for identities created in the same apply, so that Azure does not wait
   * for Entra ID replication.
   * @default - none given: Azure looks the principal up (right for a user or group of unknown type)
   */
  readonly principalType?: 'ServicePrincipal' | 'User' | 'Group';
  /** Why the principal needs the role, kept on the assignment for auditors. */
  readonly description: string;
}

/** Assigns a built-in role; the role definition is referenced through the stack's subscription. */
export function grantRole(scope: Construct, id: string, props: GrantRoleProps): RoleAssignment {
  return new RoleAssignment(scope, id, {
    scope: props.scope,
    roleDefinitionId: `${subscription(scope).id}/providers/Microsoft.Authorization/roleDefinitions/${props.roleDefinitionGuid}`,
    principalId: props.principalId,
    principalType: props.principalType,
    description: props.description,
  });
}

/** Options of {@link grantCustomRole}. */
export interface GrantCustomRoleProps {
  /** The resource ID the role is assigned at: the narrowest scope that works. */
  readonly scope: string;
  /**
   * Where the role definition lives and can be assigned (its `scope` and only assignable scope): a
   * resource group or subscription that contains `scope`. Azure documents custom roles as assignable
   * at management group, subscription and resource group scopes.
   */
  readonly definitionScope: string;
  /** The role's name; Azure wants it unique in the tenant. */
  readonly roleName: string;
  /** The Azure actions the role holds, exactly; no wildcards, no data actions. */
  readonly actions: readonly string[];
  /** Object ID of the principal. */
  readonly principalId: string;
  /** Principal type; see {@link GrantRoleProps.principalType}. */
  readonly principalType?: 'ServicePrincipal' | 'User' | 'Group';
  /** Why the principal needs the role, kept on the definition and the assignment for auditors. */
  readonly description: string;
}

/** A custom role and its one assignment. */
export interface CustomRoleGrant {
  /** The role definition (`azurerm_role_definition`). */
  readonly definition: RoleDefinition;
  /** The assignment at {@link GrantCustomRoleProps.scope}. */
  readonly assignment: RoleAssignment;
}

/**
 * Defines a custom role that holds exactly `actions` and assigns it to one principal at `scope`: for
 * a workload that needs a few actions, where a built-in role would give it much more.
 * @throws when an action is empty or holds a wildcard (a wildcard grants actions nobody listed)
 */
export function grantCustomRole(scope: Construct, id: string, props: GrantCustomRoleProps): CustomRoleGrant {
  if (props.actions.length === 0) throw new Error(`grantCustomRole ${id}: actions must list at least one action`);
  for (const action of props.actions) {
    if (!/^[A-Za-z0-9.]+(\/[A-Za-z0-9.]+)+$/.test(action)) {
      throw new Error(
        `grantCustomRole ${id}: action "${action}" must be one Azure action such as Microsoft.X/type/read, without wildcards`,
      );
    }
  }
  const definition = new RoleDefinition(scope, `${id}Role`, {
    name: props.roleName,
    scope: props.definitionScope,
    assignableScopes: [props.definitionScope],
    description: props.description,
    permissions: [{ actions: [...props.actions], notActions: [] }],
  });
  const assignment = new RoleAssignment(scope, id, {
    scope: props.scope,
    roleDefinitionId: definition.roleDefinitionResourceId,
    principalId: props.principalId,
    principalType: props.principalType,
    description: props.description,
  });
  return { definition, assignment };
}

/** One `azurerm_subscription` data source per stack, shared by every role assignment and role name. */
export function subscription(scope: Construct): DataAzurermSubscription {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild('Subscription');
  return existing instanceof DataAzurermSubscription ? existing : new DataAzurermSubscription(stack, 'Subscription', {});
}
