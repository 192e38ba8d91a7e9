import { App } from 'cdktf';
import type { Config } from './config';
import { InfraStack } from './stacks/infra-stack';
import { KaitoStack } from './stacks/kaito-stack';

/** Stack names: the CLI targets (`cdktf deploy infra`, `cdktf deploy kaito-stack`). */
export const STACK_NAMES = { infra: 'infra', kaito: 'kaito-stack' } as const;

/** Builds every stack of kaito-aks for `config` into `app`. */
export function buildStacks(app: App, config: Config, options: { cliPath?: string } = {}): { infra: InfraStack; kaito: KaitoStack } {
  const infra = new InfraStack(app, STACK_NAMES.infra, { config });
  const kaito = new KaitoStack(app, STACK_NAMES.kaito, { config, cliPath: options.cliPath });
  // kaito-stack finds the cluster by name, without a cross-stack reference, so cdktf cannot see the
  // order itself: declared here, `cdktf deploy '*'` applies infra first and `cdktf destroy '*'`
  // removes kaito-stack (the Workspace, then the Helm releases) before the cluster. In kubeconfig
  // mode the cluster is not infra's (another tool made it, or infra was applied elsewhere), so
  // kaito-stack deploys on its own: `cdktf deploy kaito-stack` must not ask for infra.
  if (config.cluster.kind === 'aks') kaito.addDependency(infra);
  return { infra, kaito };
}
