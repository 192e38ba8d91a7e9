import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config';
import { formatSummary, nextSteps, SynthesizedStack } from '../summary';
import { writeKubeconfig } from './kubeconfig-fixture';

const STACKS: SynthesizedStack[] = [
  { name: 'infra', resources: { azurerm_kubernetes_cluster: 1, azurerm_role_assignment: 2 }, outputs: ['A', 'B'] },
  { name: 'kaito-stack', resources: { helm_release: 5 }, outputs: ['C'] },
];

describe('formatSummary', () => {
  test('stacks with resource and output counts', () => {
    const text = formatSummary(loadConfig({}), STACKS, `${process.cwd()}/cdktf.out`);
    expect(text).toContain('synthesized 2 stacks into cdktf.out');
    expect(text).toMatch(/infra\s+3 resources, 2 outputs/);
    expect(text).toMatch(/kaito-stack\s+5 resources, 1 outputs/);
  });

  test("the cluster's Kubernetes version with the day AKS's community support for it ends, and its LTS end", () => {
    expect(formatSummary(loadConfig({}), STACKS, 'cdktf.out')).toContain(
      'Kubernetes    1.36 (AKS community support until 2027-06-30; LTS, Premium tier only, until 2028-06-30; AKS_KUBERNETES_VERSION)\n',
    );
    expect(formatSummary(loadConfig({ AKS_KUBERNETES_VERSION: '1.35' }), STACKS, 'cdktf.out')).toContain(
      'Kubernetes    1.35 (AKS community support until 2027-03-31; LTS, Premium tier only, until 2028-03-31; AKS_KUBERNETES_VERSION)\n',
    );
  });

  test("with Azure OpenAI, the model version's lifecycle stage and retirement date; without it, no such line", () => {
    expect(formatSummary(loadConfig({ DEPLOY_AZURE_OPENAI: 'true' }), STACKS, 'cdktf.out')).toContain(
      'OpenAI model  gpt-4.1-mini 2025-04-14: Legacy, retires 2027-04-14\n',
    );
    expect(formatSummary(loadConfig({}), STACKS, 'cdktf.out')).not.toContain('OpenAI model');
  });

  test('model, GPU size, fit and the quota to request', () => {
    const text = formatSummary(loadConfig({}), STACKS, 'cdktf.out');
    expect(text).toContain('Model         falcon-7b-instruct (tiiuae/falcon-7b-instruct, 13.44 GiB of weights)\n');
    expect(text).toContain(
      'GPU fit       needs 16.02 GiB on one GPU; 24 GiB on the GPU (falcon-7b-instruct is never split, so it must fit one whole GPU); 1 GPU on 1 node',
    );
    expect(text).toContain('GPU quota     standardNVADSA10v5Family: 36 vCPUs in eastus (1 x 36)');
  });

  test('a model split across GPUs: the need per GPU and the split, not the whole model on one GPU', () => {
    const config = loadConfig({
      KAITO_MODEL: 'llama-3.3-70b-instruct',
      KAITO_MODEL_ACCESS_SECRET: 'hf-token',
      KAITO_INSTANCE_TYPE: 'Standard_NC24ads_A100_v4',
    });
    const text = formatSummary(config, STACKS, 'cdktf.out');
    expect(text).toContain(
      'GPU fit       split across 3 GPUs on 3 nodes (tensor parallel): needs 47.61 GiB per GPU; 67.2 GiB usable per GPU\n',
    );
    expect(text).not.toContain('on one GPU');
    expect(text).toContain('StandardNCADSA100v4Family: 72 vCPUs in eastus (3 x 24)\n');
  });

  test('a model Kaito may split that fits one GPU: the usable share of that GPU, not the whole GPU', () => {
    const text = formatSummary(loadConfig({ KAITO_MODEL: 'mistral-7b-instruct' }), STACKS, 'cdktf.out');
    expect(text).toContain('GPU fit       needs 16.31 GiB on one GPU; 20.16 GiB usable; 1 GPU on 1 node\n');
  });

  test('the name vLLM serves and the Pod Security level the inference pod needs (issue 27)', () => {
    const text = formatSummary(loadConfig({ KAITO_VERSION: '0.12.0', KAITO_MODEL: 'mistral-7b-instruct' }), STACKS, 'cdktf.out');
    expect(text).toContain(
      "Served as     mistral-7b-instruct-v0.3 (vLLM's --served-model-name: what /v1/models lists, ai-service's LOCAL_LLM_MODEL)\n",
    );
    expect(text).toContain(
      "Pod Security  namespace pets enforces baseline; Kaito's inference pod for mistral-7b-instruct needs baseline\n",
    );
  });

  test("an alias of Kaito's: the summary names the preset and how KAITO_MODEL gave it", () => {
    const text = formatSummary(loadConfig({ KAITO_MODEL: 'tiiuae/falcon-7b-instruct' }), STACKS, 'cdktf.out');
    expect(text).toContain(
      'Model         falcon-7b-instruct (tiiuae/falcon-7b-instruct, 13.44 GiB of weights); KAITO_MODEL=tiiuae/falcon-7b-instruct resolves to it, and the Workspace names falcon-7b-instruct',
    );
  });

  test("the quota is for the nodes Kaito's estimator gives, not KAITO_NODE_COUNT, and says so", () => {
    const text = formatSummary(loadConfig({ KAITO_NODE_COUNT: '3', AZURE_LOCATION: 'westeurope' }), STACKS, 'cdktf.out');
    expect(text).toContain(
      'standardNVADSA10v5Family: 36 vCPUs in westeurope (1 x 36; Kaito sizes the Workspace from GPU memory and does not use KAITO_NODE_COUNT=3)',
    );
  });

  test('endpoints and next steps per backend', () => {
    expect(formatSummary(loadConfig({}), STACKS, 'cdktf.out')).toContain('local LLM at http://workspace-falcon-7b-instruct.pets.svc/v1');
    const azure = formatSummary(loadConfig({ DEPLOY_AZURE_OPENAI: 'true' }), STACKS, 'cdktf.out');
    expect(azure).toContain('Azure OpenAI gpt-4.1-mini 2025-04-14 (workload identity)');
    expect(azure).toContain('npx cdktf deploy infra kaito-stack');
  });
});

describe('the next steps the summary prints', () => {
  const ROOT = join(__dirname, '..');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  /** The commands the packages this project pins put in node_modules/.bin, with the package that brings each. */
  const bins = new Map<string, string>();
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) {
    const bin = (
      JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> }
    ).bin;
    for (const command of typeof bin === 'string' ? [name] : Object.keys(bin ?? {})) bins.set(command, name);
  }
  const kubeconfig = writeKubeconfig();
  const KUBECONFIG_MODE = {
    AKS_KUBECONFIG: kubeconfig,
    AZURE_SUBSCRIPTION_ID: '11111111-1111-1111-1111-111111111111',
    AZURE_TENANT_ID: '22222222-2222-2222-2222-222222222222',
    KAITO_IDENTITY_CLIENT_ID: '33333333-3333-3333-3333-333333333333',
  };
  const printed = (env: Record<string, string> = {}) => {
    const text = formatSummary(loadConfig(env), STACKS, 'cdktf.out');
    return text
      .slice(text.indexOf('Next steps'))
      .split('\n')
      .slice(1)
      .filter((l) => l.trim() !== '')
      .map((l) => l.replace(/#.*$/, '').trim());
  };

  test('are the commands of nextSteps, each with what it does, in both cluster modes', () => {
    for (const env of [{}, KUBECONFIG_MODE]) {
      const steps = nextSteps(loadConfig(env));
      expect(printed(env)).toEqual(steps.map(([command]) => command));
      expect(steps.length).toBeGreaterThanOrEqual(3);
    }
  });

  test('kubeconfig mode: deploy kaito-stack alone, no azd, and the summary says which cluster and kubeconfig', () => {
    // GIVEN a cluster another tool made WHEN the summary is printed THEN nothing would create infra
    const text = formatSummary(loadConfig(KUBECONFIG_MODE), STACKS, 'cdktf.out');
    expect(printed(KUBECONFIG_MODE)[0]).toBe('npx cdktf deploy kaito-stack');
    expect(text).not.toContain('azd up');
    expect(text).not.toContain('deploy infra');
    expect(text).toContain(`through the kubeconfig ${kubeconfig}; infra is not used`);
    // the cluster is not kaito-aks's: no Kubernetes version of its own to state
    expect(text).not.toContain('Kubernetes    ');
    expect(nextSteps(loadConfig(KUBECONFIG_MODE))[0]).toEqual([
      'npx cdktf deploy kaito-stack',
      "Kaito, the Workspace and the app, on the kubeconfig's cluster",
    ]);
  });

  test('kubeconfig mode: the region, cluster and resource group it assumed are said to be defaults, named by variable (issue 28, kind 5)', () => {
    const assumed = formatSummary(loadConfig(KUBECONFIG_MODE), STACKS, 'cdktf.out');
    expect(assumed).toContain("in eastus (default: AZURE_LOCATION is unset; set it to the cluster's)");
    expect(assumed).toContain("cluster aks-kaito (default: AZURE_AKS_CLUSTER_NAME is unset; set it to the cluster's)");
    expect(assumed).toContain("in rg-kaito (default: AZURE_RESOURCEGROUP_NAME is unset; set it to the cluster's)");
    const given = formatSummary(
      loadConfig({ ...KUBECONFIG_MODE, AZURE_LOCATION: 'westeurope', AZURE_AKS_CLUSTER_NAME: 'aks-x', AZURE_RESOURCEGROUP_NAME: 'rg-x' }),
      STACKS,
      'cdktf.out',
    );
    expect(given).toContain('in westeurope (cluster aks-x in rg-x, through the kubeconfig');
    expect(given).not.toContain('(default');
  });

  test('kubeconfig mode with a context: the summary names it', () => {
    const text = formatSummary(loadConfig({ ...KUBECONFIG_MODE, AKS_KUBECONFIG_CONTEXT: 'ci' }), STACKS, 'cdktf.out');
    expect(text).toContain(`through the kubeconfig ${kubeconfig}, context ci; infra is not used)`);
  });

  test('each runs as this project installs it: an npm script, or a bin of a pinned package through npx', () => {
    for (const command of [...printed(), ...printed(KUBECONFIG_MODE)]) {
      const [tool, first] = command.split(' ');
      if (tool === 'npm') {
        expect(command).toMatch(/^npm run \S+/);
        expect(Object.keys(pkg.scripts)).toContain(command.split(' ')[2]);
      } else {
        // a bare `cdktf` is not on a new user's PATH
        expect(tool).toBe('npx');
        expect(bins.get(first)).toBeDefined();
      }
    }
  });

  test('the deploy step names both stacks, as the npm deploy script does', () => {
    const deploy = printed().find((c) => c.includes('cdktf deploy'));
    expect(deploy).toBe('npx cdktf deploy infra kaito-stack');
    expect(pkg.scripts.deploy).toContain(deploy?.replace(/^npx /, ''));
  });
});

describe('the settings that change where things come from or who may reach them', () => {
  const STACKS_ONE: SynthesizedStack[] = [{ name: 'infra', resources: {}, outputs: [] }];
  const linesOf = (env: Record<string, string>) =>
    formatSummary(loadConfig(env), STACKS_ONE, 'cdktf.out')
      .split('\n')
      .filter((l) => /^(API server|Charts|State) /.test(l));

  test('nothing is said when all are default', () => {
    expect(linesOf({})).toEqual([]);
  });

  test('each one set gets its line', () => {
    expect(
      linesOf({
        AKS_API_SERVER_AUTHORIZED_IP_RANGES: '203.0.113.7/32,198.51.100.0/24',
        KAITO_CHART_REPOSITORY: 'oci://mirror.azurecr.io/helm',
        STORE_CHART_REPOSITORY: 'https://charts.example.com/store/',
        GPU_PROVISIONER_CHART_REPOSITORY: 'https://charts.example.com/gpu-provisioner',
        RS_RESOURCE_GROUP: 'rg-tfstate',
        RS_STORAGE_ACCOUNT: 'sttfstate01',
        RS_CONTAINER_NAME: 'tfstate',
      }),
    ).toEqual([
      'API server    reachable only from 203.0.113.7/32, 198.51.100.0/24 (AKS_API_SERVER_AUTHORIZED_IP_RANGES)',
      'Charts        from mirrors: workspace from oci://mirror.azurecr.io/helm, gpu-provisioner from https://charts.example.com/gpu-provisioner, aks-store-demo-chart from https://charts.example.com/store',
      'State         remote, Azure Storage sttfstate01/tfstate in rg-tfstate',
    ]);
  });
});
