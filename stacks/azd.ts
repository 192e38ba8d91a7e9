import { createHash } from 'node:crypto';
import { TerraformStack, TerraformVariable } from 'cdktf';
import type { Config } from '../config';
import { ENV_SCHEMA, ENV_VARIABLES, EnvValues, variableDescription } from '../config/schema';
import type { StateLocation } from '../config/state';

/** Variables only the cluster stack reads: how it reaches the cluster, and chart mirrors. */
const CLUSTER_STACK_ONLY: ReadonlySet<string> = new Set<keyof EnvValues>([
  'AKS_KUBELOGIN_MODE',
  'AKS_KUBECONFIG',
  'AKS_KUBECONFIG_CONTEXT',
  'AZURE_AKS_CLUSTER_NAME',
  'AZURE_RESOURCEGROUP_NAME',
  'KAITO_IDENTITY_CLIENT_ID',
  'AZURE_OPENAI_ENDPOINT',
  'AZURE_IDENTITY_CLIENT_ID',
  'KAITO_CHART_REPOSITORY',
  'GPU_PROVISIONER_CHART_REPOSITORY',
  'STORE_CHART_REPOSITORY',
]);

/**
 * The variables azd passes to the infra stack through `main.tfvars.json`: every variable of the
 * env contract but the ones only the cluster stack or the state backend read. (The infra outputs
 * kubeconfig mode reads come back from azd under the same names; infra must not depend on them.)
 */
export const AZD_PARAMETERS: readonly (keyof EnvValues)[] = ENV_VARIABLES.filter(
  (name) => !name.startsWith('RS_') && !CLUSTER_STACK_ONLY.has(name),
);

/**
 * Declares one Terraform variable per azd parameter. Synth already decided everything from the same
 * environment, so each variable only guards: its default is the value synth saw, and a plan whose
 * azd value differs (the azd environment changed, synth did not run again) fails with the fix.
 * Values compare as synth reads them: spaces around them ignored, and case too for the variables
 * synth compares ignoring case (`Variable.ignoreCase`), so `"true "` or `EastUS` pass the check.
 */
export function declareAzdParameters(stack: TerraformStack, config: Config): TerraformVariable[] {
  return AZD_PARAMETERS.map((name) => {
    // azd substitutes the value as it is in its environment, spaces and case included: compare it
    // the way synth read it (trimmed; case folded for the names synth compares ignoring case)
    const ignoreCase = ENV_SCHEMA[name].ignoreCase === true;
    const trimmed = (config.rawEnvironment[name] ?? '').trim();
    const seen = ignoreCase ? trimmed.toLowerCase() : trimmed;
    const compared = ignoreCase ? `lower(trimspace(var.${name}))` : `trimspace(var.${name})`;
    const variable = new TerraformVariable(stack, `Parameter${name}`, {
      type: 'string',
      default: config.rawEnvironment[name] ?? '',
      description: variableDescription(name),
    });
    variable.overrideLogicalId(name);
    variable.addValidation({
      // compared by hash, so that no user text ever lands in a Terraform expression or template
      condition: `\${sha256(${compared}) == "${createHash('sha256').update(seen).digest('hex')}"}`,
      errorMessage: `${name} differs from the value the stacks were synthesized with. Run "npm run synth" with the same environment (azd's preprovision hook does), then plan again.`,
    });
    return variable;
  });
}

/**
 * The files azd reads next to the synthesized infra stack: `main.tfvars.json` (azd substitutes
 * `${VAR}` from the azd environment) and, for remote state, `provider.conf.json` plus a `.tf` file
 * that tells azd the state is remote (azd looks for the text `backend "azurerm"` in `*.tf` files
 * only, and would otherwise pass `-state=` for a local file).
 */
export function azdInfraFiles(state: StateLocation): Record<string, string> {
  const files: Record<string, string> = {
    'main.tfvars.json': `${JSON.stringify(Object.fromEntries(AZD_PARAMETERS.map((name) => [name, `\${${name}}`])), null, 2)}\n`,
  };
  if (state.kind === 'azurerm') {
    files['azd-remote-state.tf'] = [
      '# The backend "azurerm" block of this stack is in cdk.tf.json (kaito-aks synthesizes it).',
      '# This file only tells azd, which scans *.tf files for that text, that the state is remote.',
      '',
    ].join('\n');
    files['provider.conf.json'] = `${JSON.stringify(
      {
        resource_group_name: state.resourceGroupName,
        storage_account_name: state.storageAccountName,
        container_name: state.containerName,
        key: state.key,
        use_azuread_auth: true,
      },
      null,
      2,
    )}\n`;
  }
  return files;
}
