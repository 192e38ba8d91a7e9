import { Construct } from 'constructs';
import { FederatedIdentityCredential } from '@cdktf/provider-azurerm/lib/federated-identity-credential';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { UserAssignedIdentity } from '@cdktf/provider-azurerm/lib/user-assigned-identity';
import { serviceAccountSubject } from '../config/names';
import { AksCluster } from './aks-cluster';

/** The audience Entra ID expects in a Kubernetes service account token exchange. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

/** Properties of a {@link WorkloadIdentity}. */
export interface WorkloadIdentityProps {
  /** The cluster whose OIDC issuer signs the ServiceAccount tokens. */
  readonly cluster: AksCluster;
  /** Resource group of the identity. */
  readonly resourceGroup: ResourceGroup;
  /** Identity name. */
  readonly name: string;
  /** The one Kubernetes ServiceAccount allowed to act as this identity. */
  readonly serviceAccount: { readonly namespace: string; readonly serviceAccount: string };
}

/**
 * A user-assigned managed identity that exactly one Kubernetes ServiceAccount can use: one identity
 * per workload, never shared, with a federated credential pinned to the cluster's issuer, the
 * ServiceAccount's subject and the token-exchange audience.
 */
export class WorkloadIdentity extends Construct {
  /** Client ID, for the ServiceAccount annotation `azure.workload.identity/client-id`. */
  public readonly clientId: string;
  /** Object ID of the identity's service principal, for role assignments. */
  public readonly principalId: string;
  /** Azure resource ID of the identity. */
  public readonly identityId: string;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const identity = new UserAssignedIdentity(this, 'Resource', {
      name: props.name,
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
    });
    new FederatedIdentityCredential(this, 'FederatedCredential', {
      name: `${props.serviceAccount.namespace}-${props.serviceAccount.serviceAccount}`,
      resourceGroupName: props.resourceGroup.name,
      parentId: identity.id,
      issuer: props.cluster.oidcIssuerUrl,
      subject: serviceAccountSubject(props.serviceAccount),
      audience: [TOKEN_EXCHANGE_AUDIENCE],
    });
    this.clientId = identity.clientId;
    this.principalId = identity.principalId;
    this.identityId = identity.id;
  }
}
