import { LocalBackend, TerraformStack } from 'cdktf';

/**
 * Keeps each stack's state where azd keeps it, `.azure/<env>/<stack>/terraform.tfstate` at the
 * project root, so `cdktf deploy` and `azd provision` read and write the same file. The path is
 * relative to the folder Terraform runs in, `cdktf.out/stacks/<stack>`.
 */
export function useLocalState(stack: TerraformStack, envName: string, stackName: string): LocalBackend {
  return new LocalBackend(stack, { path: `../../../.azure/${envName}/${stackName}/terraform.tfstate` });
}
