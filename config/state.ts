/**
 * Where each stack keeps its Terraform state, decided once so that azd and `cdktf deploy` never
 * diverge. Pure; `stacks/backend.ts` turns the decision into a cdktf backend.
 */

/** The folder azd runs Terraform in for the infra stack (`infra.path` in azure.yaml). */
export const AZD_INFRA_PATH = 'cdktf.out/stacks/infra';

/** Remote state settings (azd's `RS_` variables). */
export interface RemoteStateConfig {
  /** Resource group of the storage account. */
  readonly resourceGroupName: string;
  /** Storage account; reached with Entra ID, never an access key. */
  readonly storageAccountName: string;
  /** Blob container. */
  readonly containerName: string;
}

/** Where one stack's state lives. */
export type StateLocation =
  | {
      readonly kind: 'local';
      /** Path from the project root. */
      readonly path: string;
    }
  | ({
      readonly kind: 'azurerm';
      /** Blob name in the container. */
      readonly key: string;
    } & RemoteStateConfig);

/**
 * The state of `stackName` in environment `envName`: in Azure Storage when `remote` is set, else a
 * local file at the path azd uses, `.azure/<env>/<infra.path>/terraform.tfstate` (azd passes it as
 * `-state=`), with the same pattern for the cluster stack, which azd does not apply.
 */
export function stateLocation(envName: string, stackName: string, remote: RemoteStateConfig | undefined): StateLocation {
  if (remote) return { kind: 'azurerm', key: `${envName}/${stackName}.tfstate`, ...remote };
  return { kind: 'local', path: `.azure/${envName}/cdktf.out/stacks/${stackName}/terraform.tfstate` };
}
