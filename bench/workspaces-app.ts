/**
 * Scaling probe: one stack with a KaitoOperator and N Workspaces (`addWorkspace`), each serving a
 * preset of the default release train on the cheapest size that fits it, cycling through the
 * presets that fit any size. The bench runs it with cdktf.json's app command, entry file
 * `bench/workspaces-app.ts <N>`. Writes to `$CDKTF_OUTDIR` (default `cdktf.out`) and prints one
 * JSON line, `{"workspaces":N,"resources":R,"buildMs":B,"synthMs":S}`: the in-process cost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { cheapestFit, DEFAULT_RELEASE, PRESETS, RELEASE_TRAINS } from '../catalog';
import { KaitoOperator } from '../constructs/kaito-operator';
import { Namespace } from '../constructs/namespace';

/** The presets of the default release that some size can serve, with that size. */
function servablePresets() {
  return PRESETS.filter((p) => p.release === DEFAULT_RELEASE).flatMap((preset) => {
    const fit = cheapestFit(preset);
    return fit ? [{ preset, sku: fit.sku }] : [];
  });
}

function main(argv: readonly string[]): void {
  const count = Number(argv[0]);
  if (!Number.isInteger(count) || count < 1) {
    throw new Error(`usage: workspaces-app.ts <N>, N a whole number of 1 or more; got "${argv[0] ?? ''}"`);
  }
  const servable = servablePresets();
  const started = performance.now();
  const app = new App();
  const stack = new TerraformStack(app, 'workspaces');
  new HelmProvider(stack, 'helm', {});
  new KubernetesProvider(stack, 'kubernetes', {});
  const operator = new KaitoOperator(stack, 'Kaito', {
    release: RELEASE_TRAINS[DEFAULT_RELEASE],
    clusterName: 'aks-bench',
    clusterResourceGroupName: 'rg-bench',
    location: 'eastus',
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    tenantId: '00000000-0000-0000-0000-000000000000',
    provisionerClientId: '00000000-0000-0000-0000-000000000000',
  });
  const namespace = new Namespace(stack, 'Models', { name: 'models' });
  for (let i = 0; i < count; i++) {
    const { preset, sku } = servable[i % servable.length];
    operator.addWorkspace(`Workspace${i}`, {
      name: `ws${i}-${preset.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`.slice(0, 53).replace(/-+$/, ''),
      namespace,
      preset,
      instanceType: sku,
    });
  }
  const built = performance.now();
  app.synth();
  const synthesized = performance.now();

  const tf = JSON.parse(readFileSync(join(app.outdir, 'stacks', 'workspaces', 'cdk.tf.json'), 'utf8')) as {
    resource: Record<string, Record<string, unknown>>;
  };
  const resources = Object.values(tf.resource).reduce((n, byName) => n + Object.keys(byName).length, 0);
  const result = {
    workspaces: count,
    resources,
    buildMs: Math.round(built - started),
    synthMs: Math.round(synthesized - built),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv.slice(2));
