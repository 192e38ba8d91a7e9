/**
 * Where Kaito's estimate and what the user asked for differ: KAITO_NODE_COUNT below the nodes the
 * model needs, above them, and equal. Kaito sizes a vLLM Workspace from GPU memory and does not use
 * `resource.count` (its estimator gives the same nodes for any count; catalog issue 12), so the
 * summary, the preflight need and wait's quota advice all count the estimate, the summary says when
 * KAITO_NODE_COUNT is not used, and the Workspace keeps the count the user asked for.
 */
import { loadConfig } from '../config';
import { causeContext } from '../cli/wait';
import { gpuNeed, resolveTarget } from '../cli/target';
import { formatSummary, SynthesizedStack } from '../summary';
import { estimated } from './config/helpers';

const STACKS: SynthesizedStack[] = [{ name: 'infra', resources: { azurerm_kubernetes_cluster: 1 }, outputs: [] }];
/** A model the estimator spreads over two 8-GPU A100 nodes (11 GPUs), on 0.10.0. */
const TWO_NODES = { KAITO_MODEL: 'deepseek-r1-0528', KAITO_INSTANCE_TYPE: 'Standard_ND96amsr_A100_v4' };

function lineOf(text: string, label: string): string {
  return text.split('\n').find((l) => l.startsWith(label)) ?? `(no ${label} line)`;
}

describe('nodes the estimate needs vs KAITO_NODE_COUNT', () => {
  test('the estimate needs 2 nodes (the precondition of the cases below)', () => {
    expect(estimated(loadConfig(TWO_NODES).kaito).fit).toMatchObject({ gpusNeeded: 11, nodesNeeded: 2 });
  });

  const UNUSED = (n: number) => `; Kaito sizes the Workspace from GPU memory and does not use KAITO_NODE_COUNT=${n}`;

  test.each([
    ['unset (1): the estimate, no note for the default', undefined, 1, ''],
    ['1: the estimate, no note for the default', '1', 1, ''],
    ['2: equal to the estimate, no note', '2', 2, ''],
    ['3: above the estimate, which still counts, with a note', '3', 3, UNUSED(3)],
  ])('KAITO_NODE_COUNT %s', (_name, count, asked, note) => {
    const config = loadConfig({ ...TWO_NODES, ...(count === undefined ? {} : { KAITO_NODE_COUNT: count }) });
    expect(config.kaito.nodeCount).toBe(asked);
    expect(config.kaito.nodesToRequest).toBe(2);

    const text = formatSummary(config, STACKS, 'cdktf.out');
    expect(lineOf(text, 'GPU fit')).toBe(
      'GPU fit       split across 11 GPUs on 2 nodes (tensor parallel): needs 61.78 GiB per GPU; 67.2 GiB usable per GPU',
    );
    expect(lineOf(text, 'GPU quota')).toBe(`GPU quota     standardNDAMSv4_A100Family: 192 vCPUs in eastus (2 x 96${note})`);

    const target = resolveTarget(config, {});
    expect(gpuNeed(config)).toMatchObject({ nodes: 2, vCpus: 192 });
    expect(causeContext(target).vCpusNeeded).toBe(192);
  });

  test('a one-node model: KAITO_NODE_COUNT above the estimate is not counted, and the summary says so', () => {
    for (const [count, note] of [
      ['1', ''],
      ['2', UNUSED(2)],
    ] as const) {
      const config = loadConfig({ KAITO_NODE_COUNT: count });
      expect(estimated(config.kaito).fit.nodesNeeded).toBe(1);
      expect(lineOf(formatSummary(config, STACKS, 'cdktf.out'), 'GPU quota')).toBe(
        `GPU quota     standardNVADSA10v5Family: 36 vCPUs in eastus (1 x 36${note})`,
      );
    }
  });
});

describe('the rest of the summary, each line on its own', () => {
  const STACK_PAIR: SynthesizedStack[] = [
    { name: 'infra', resources: { a: 2, b: 7 }, outputs: ['X', 'Y', 'Z'] },
    { name: 'kaito-stack', resources: {}, outputs: [] },
  ];

  test('one stack is "1 stack", the output folder relative to the working directory, "." when it is the same', () => {
    expect(formatSummary(loadConfig({}), STACK_PAIR.slice(0, 1), process.cwd()).split('\n')[0]).toBe(
      'kaito-aks: synthesized 1 stack into .',
    );
    expect(formatSummary(loadConfig({}), STACK_PAIR, `${process.cwd()}/out/x`).split('\n')[0]).toBe(
      'kaito-aks: synthesized 2 stacks into out/x',
    );
  });

  test('each stack line: name padded to 12, resources summed and padded to 3, outputs counted', () => {
    const lines = formatSummary(loadConfig({}), STACK_PAIR, 'cdktf.out').split('\n');
    expect(lines.slice(1, 5)).toEqual(['', '  infra          9 resources, 3 outputs', '  kaito-stack    0 resources, 0 outputs', '']);
  });

  test('the Kaito line per install mode', () => {
    expect(lineOf(formatSummary(loadConfig({}), STACKS, 'x'), 'Kaito ')).toBe(
      'Kaito         0.10.0 (workspace chart 0.10.0, gpu-provisioner chart 0.4.1)',
    );
    expect(lineOf(formatSummary(loadConfig({ KAITO_INSTALL: 'aks-addon' }), STACKS, 'x'), 'Kaito ')).toBe(
      'Kaito         0.6.0, assumed: the AKS add-on runs it (KAITO_INSTALL=aks-addon; AKS docs: MicrosoftDocs/azure-aks-docs articles/aks/ai-toolchain-operator.md (commit 01199600, article of 2025-09-19), checked 2026-12-07)',
    );
  });

  test('with the add-on, a KAITO_VERSION is said to override the AKS docs, naming both variables', () => {
    const config = loadConfig({ KAITO_INSTALL: 'aks-addon', KAITO_VERSION: '0.12.0', KAITO_MODEL: 'phi-4-mini-instruct' });
    expect(lineOf(formatSummary(config, STACKS, 'x'), 'Kaito ')).toBe(
      "Kaito         0.12.0, as KAITO_VERSION=0.12.0 states for the AKS add-on (KAITO_INSTALL=aks-addon), overriding the AKS docs' 0.6.0; AKS decides, so check the cluster (README: Install modes)",
    );
  });

  test('at 0.6.0 the model, fit and quota lines speak of the webhook and the node count, not an estimate', () => {
    const text = formatSummary(loadConfig({ KAITO_INSTALL: 'aks-addon' }), STACKS, 'x');
    expect(lineOf(text, 'Model')).toBe(
      'Model         falcon-7b-instruct (tiiuae/falcon-7b-instruct, Kaito 0.6.0 asks for 1 GPU and 14 GiB of GPU memory in total)',
    );
    expect(lineOf(text, 'GPU fit')).toBe(
      'GPU fit       Kaito 0.6.0 has no node estimator: its webhook admits 1 x Standard_NV36ads_A10_v5 (1 GPU, 24 GiB for the 14 GiB it asks), and the Workspace gets exactly KAITO_NODE_COUNT=1 node',
    );
    expect(lineOf(text, 'GPU quota')).toBe('GPU quota     standardNVADSA10v5Family: 36 vCPUs in eastus (1 x 36)');
  });

  test('the GPU size line says who chose the size', () => {
    expect(lineOf(formatSummary(loadConfig({}), STACKS, 'x'), 'GPU size')).toBe(
      'GPU size      Standard_NV36ads_A10_v5 (1 x NVIDIA A10, 24 GiB), cheapest size that fits, by Azure list price',
    );
    expect(lineOf(formatSummary(loadConfig(TWO_NODES), STACKS, 'x'), 'GPU size')).toBe(
      'GPU size      Standard_ND96amsr_A100_v4 (8 x NVIDIA A100, 640 GiB), chosen by KAITO_INSTANCE_TYPE',
    );
  });

  test('environment and next steps', () => {
    const text = formatSummary(loadConfig({ AZURE_ENV_NAME: 'demo', AZURE_LOCATION: 'westus3' }), STACKS, 'x');
    expect(lineOf(text, 'Environment')).toBe('Environment   demo in westus3 (resource group rg-demo, cluster aks-demo)');
    // a blank line, then the steps, to the end
    const lines = text.split('\n');
    expect(lines.slice(lines.indexOf('Next steps (or all in one: azd up)') - 2)).toEqual([
      'ai-service    local LLM at http://workspace-falcon-7b-instruct.pets.svc/v1',
      '',
      'Next steps (or all in one: azd up)',
      '  npx cdktf deploy infra kaito-stack  # infra first, then kaito-stack (or: npm run deploy)',
      '  npm run wait                        # the GPU node and the model, 10 to 15 minutes',
      '  npm run smoke                       # call the model and ai-service',
      '',
    ]);
  });
});
