import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DataAzurermSubscription } from '@cdktf/provider-azurerm/lib/data-azurerm-subscription';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';

/**
 * Built-in Azure role definition IDs, named after the role. IDs, not names: names are localized
 * and can be renamed, IDs are stable across clouds and tenants.
 */
export const AZURE_ROLES = {
  /** Full management of the scope; what gpu-provisioner needs on the cluster to add GPU node pools. */
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

/** One `azurerm_subscription` data source per stack, shared by every role assignment. */
function subscription(scope: Construct): DataAzurermSubscription {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild('Subscription');
  return existing instanceof DataAzurermSubscription ? existing : new DataAzurermSubscription(stack, 'Subscription', {});
}
