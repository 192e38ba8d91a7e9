/**
 * The order of the two stacks, as the cdktf CLI plans it from the synthesized manifest: every way of
 * deploying or destroying both (`'*'`, both names, the npm scripts, the azd hooks' scripts) must apply
 * infra before kaito-stack and destroy kaito-stack before infra, and no script may be refused by the
 * CLI's dependency check. The planner is cdktf-cli 0.21.0's own (`@cdktf/cli-core` stack helpers).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { buildStacks, STACK_NAMES } from '../../app';
import { loadConfig } from '../../config';
import { writeKubeconfig } from '../kubeconfig-fixture';

// the helpers' only import, @cdktf/commons, phones HashiCorp's checkpoint service on load: the
// tests reach nothing but 127.0.0.1, so it is replaced by the three things the helpers use
jest.mock('@cdktf/commons', () => ({
  logger: { debug: () => undefined },
  Errors: { Usage: (m: string) => new Error(m), Internal: (m: string) => new Error(m) },
  ensureAllSettledBeforeThrowing: (p: Promise<unknown>) => p,
}));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const helpers = require('@cdktf/cli-core/src/lib/helpers/stack-helpers') as {
  getMultipleStacks(stacks: PlannedStack[], patterns: string[], action: string): PlannedStack[];
  checkIfAllDependenciesAreIncluded(stacks: PlannedStack[]): void;
  checkIfAllDependantsAreIncluded(stacks: PlannedStack[], all: PlannedStack[]): void;
  getStackWithNoUnmetDependencies(executors: Executor[]): Promise<Executor | undefined>;
  getStackWithNoUnmetDependants(executors: Executor[]): Promise<Executor | undefined>;
};

interface PlannedStack {
  readonly name: string;
  readonly dependencies: string[];
}
interface Executor {
  readonly stack: PlannedStack;
  isPending: boolean;
  currentState: string;
}

const PACKAGE = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };

/** The stacks of the manifest.json a synth of `env` writes. */
function manifestStacks(env: Record<string, string> = {}): PlannedStack[] {
  const outdir = mkdtempSync(join(tmpdir(), 'kaito-aks-order-'));
  try {
    const app = new App({ outdir });
    buildStacks(app, loadConfig(env));
    app.synth();
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { name: string; dependencies: string[] }>;
    };
    return Object.values(manifest.stacks).map((s) => ({ name: s.name, dependencies: s.dependencies }));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The order in which `cdktf <action> <patterns...>` runs the stacks (throws what the CLI would refuse with). */
async function plan(all: PlannedStack[], action: 'deploy' | 'destroy', patterns: string[], ignoreMissing = false): Promise<string[]> {
  const chosen = helpers.getMultipleStacks(all, patterns, action);
  if (!ignoreMissing) {
    if (action === 'deploy') helpers.checkIfAllDependenciesAreIncluded(chosen);
    else helpers.checkIfAllDependantsAreIncluded(chosen, all);
  }
  const executors: Executor[] = chosen.map((stack) => ({ stack, isPending: true, currentState: 'pending' }));
  const order: string[] = [];
  for (;;) {
    const next = ignoreMissing
      ? executors.find((e) => e.isPending)
      : action === 'deploy'
        ? await helpers.getStackWithNoUnmetDependencies(executors)
        : await helpers.getStackWithNoUnmetDependants(executors);
    if (!next) return order;
    order.push(next.stack.name);
    next.isPending = false;
    next.currentState = 'done';
  }
}

/** Every `cdktf deploy|destroy` call in the npm scripts: `[script, action, stacks, --ignore-missing-stack-dependencies?]`. */
function scriptCalls(): [string, 'deploy' | 'destroy', string[], boolean][] {
  const calls: [string, 'deploy' | 'destroy', string[], boolean][] = [];
  for (const [name, script] of Object.entries(PACKAGE.scripts)) {
    for (const m of script.matchAll(/cdktf (deploy|destroy)((?: [^&|;]+)?)/g)) {
      const words = m[2].trim().split(/\s+/);
      calls.push([
        name,
        m[1] as 'deploy' | 'destroy',
        words.filter((w) => !w.startsWith('-')),
        words.includes('--ignore-missing-stack-dependencies'),
      ]);
    }
  }
  return calls;
}

describe('stack order', () => {
  const envs: Record<string, Record<string, string>> = {
    defaults: {},
    'Azure OpenAI': { DEPLOY_AZURE_OPENAI: 'true' },
    'AKS add-on': { KAITO_INSTALL: 'aks-addon' },
  };

  test.each(Object.keys(envs))('%s: the manifest says kaito-stack depends on infra, and infra on nothing', (env) => {
    const stacks = manifestStacks(envs[env]);
    expect(stacks).toEqual([
      { name: STACK_NAMES.infra, dependencies: [] },
      { name: STACK_NAMES.kaito, dependencies: [STACK_NAMES.infra] },
    ]);
  });

  test('kubeconfig mode: kaito-stack depends on nothing, so `cdktf deploy kaito-stack` alone is not refused', async () => {
    // GIVEN a cluster another tool made, reached through a kubeconfig
    const stacks = manifestStacks({
      AKS_KUBECONFIG: writeKubeconfig(),
      AZURE_SUBSCRIPTION_ID: '11111111-1111-1111-1111-111111111111',
      AZURE_TENANT_ID: '22222222-2222-2222-2222-222222222222',
      KAITO_IDENTITY_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
    });
    // THEN the manifest declares no dependency, and the CLI deploys kaito-stack by itself
    expect(stacks.find((s) => s.name === STACK_NAMES.kaito)?.dependencies).toEqual([]);
    expect(await plan(stacks, 'deploy', ['kaito-stack'])).toEqual(['kaito-stack']);
    expect(await plan(stacks, 'destroy', ['kaito-stack'])).toEqual(['kaito-stack']);
  });

  describe('as cdktf-cli plans it', () => {
    const stacks = manifestStacks();

    test.each([
      ['deploy', ['*'], ['infra', 'kaito-stack']],
      ['deploy', ['kaito-stack', 'infra'], ['infra', 'kaito-stack']],
      ['destroy', ['*'], ['kaito-stack', 'infra']],
      ['destroy', ['infra', 'kaito-stack'], ['kaito-stack', 'infra']],
    ] as const)('cdktf %s %j runs %j', async (action, patterns, order) => {
      expect(await plan(stacks, action, [...patterns])).toEqual(order);
    });

    test('destroying infra alone is refused: kaito-stack must go first', async () => {
      await expect(plan(stacks, 'destroy', ['infra'])).rejects.toThrow(
        /dependant stacks are not included in the stacks to run: kaito-stack/,
      );
    });

    test('every cdktf call in the npm scripts passes the dependency check and keeps the order', async () => {
      const calls = scriptCalls();
      expect(calls.map(([name]) => name).sort()).toEqual(['azd:postprovision', 'azd:predown', 'deploy', 'destroy']);
      for (const [name, action, patterns, ignore] of calls) {
        const order = await plan(stacks, action, patterns, ignore).catch((err: Error) => `${name}: ${err.message}`);
        expect(Array.isArray(order) ? order : [order]).toEqual(
          patterns.length === 2 ? (action === 'deploy' ? ['infra', 'kaito-stack'] : ['kaito-stack', 'infra']) : patterns,
        );
      }
    });

    test('only the azd postprovision script skips the check, since azd has just applied infra', () => {
      expect(
        scriptCalls()
          .filter(([, , , ignore]) => ignore)
          .map(([name]) => name),
      ).toEqual(['azd:postprovision']);
    });
  });
});
