import { AzurermBackend, LocalBackend, TerraformStack } from 'cdktf';
import type { StateLocation } from '../config/state';

/**
 * Points `stack` at its state. A local path is given from the project root and made relative to
 * the folder Terraform runs in, `cdktf.out/stacks/<stack>`. Remote state uses Entra ID, never a
 * storage account key.
 */
export function useState(stack: TerraformStack, location: StateLocation): LocalBackend | AzurermBackend {
  if (location.kind === 'local') return new LocalBackend(stack, { path: `../../../${location.path}` });
  return new AzurermBackend(stack, {
    resourceGroupName: location.resourceGroupName,
    storageAccountName: location.storageAccountName,
    containerName: location.containerName,
    key: location.key,
    useAzureadAuth: true,
  });
}
