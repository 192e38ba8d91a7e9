/**
 * Field faults, round 2 (issue 25): each kind of failure users hit gets a named cause and its fix
 * instead of "keeps crashing", "wait longer" or silence. One describe per kind; the inputs are in
 * `__tests__/fixtures/day2/field-round2/` (see its README for the sources).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadConfig } from '../../config';
import type { AzureAccess } from '../../cli/azure';
import { classify } from '../../cli/causes';
import { assess } from '../../cli/conditions';
import type { KubeEvent, Pod } from '../../cli/kube-types';
import { EXIT } from '../../cli/exit-codes';
import { pendingRecovery } from '../../cli/helm';
import { runStatus } from '../../cli/status';
import { KubeClient } from '../../cli/kube';
import { runPreflight } from '../../cli/preflight';
import { PROPAGATION_RETRY_MS } from '../../cli/propagation';
import type { SkuRecord, UsageRecord } from '../../cli/quota';
import { runSmoke } from '../../cli/smoke';
import { causeContext, runWait } from '../../cli/wait';
import {
  fakeClock,
  FIXTURES,
  KubeObject,
  memoryScreen,
  readDocs,
  readyCluster,
  scenario,
  snapshotOf,
  startFakeApi,
  testTarget,
} from './helpers';

const POD = 'workspace-falcon-7b-instruct-7c9d5f6b8-q4wzn';
const context = causeContext(testTarget());
const field = (name: string) => readFileSync(join(FIXTURES, 'field-round2', name), 'utf8');
const fieldDocs = (name: string) => readDocs('field-round2', name);

describe('1. the liveness probe kills a model that is still loading', () => {
  const [pod, event] = fieldDocs('01-liveness-pod-and-event.yaml');
  /** Scenario 07 with the field case's inference pod (and its Unhealthy event) in place of the crash-looping one. */
  function assessWith(p: KubeObject, events: KubeObject[] = [event], log = field('01-liveness-previous.log')) {
    const objects = [
      ...scenario('07-inference-ready-pod-crashing').filter((o) => o.metadata.name !== POD && o.kind !== 'Event'),
      p,
      ...events,
    ];
    return assess(snapshotOf(objects, { [POD]: log }), { maxRestarts: 5, context });
  }
  const withRestarts = (n: number): KubeObject => {
    const p = structuredClone(pod) as KubeObject & { status: { containerStatuses: { restartCount: number }[] } };
    p.status.containerStatuses[0].restartCount = n;
    return p;
  };

  test('six kills: named as the liveness probe killing the load, not a crash, with how far it got', () => {
    const a = assessWith(pod);
    expect(a.verdict).toBe('failed');
    expect(a.cause?.kind).toBe('liveness-probe');
    expect(a.cause?.title).toMatch(/killed by its liveness probe before the model finished loading/);
    expect(a.cause?.title).not.toMatch(/keeps crashing/);
    const fix = a.cause!.fix.join('\n');
    expect(fix).toContain('the killed run lasted 6m00s, and got to 47% (7 of 15 shards)');
    expect(fix).toMatch(/startup probe.*kaito-project\/kaito PR #1796/);
    expect(fix).toContain('KAITO_INSTANCE_TYPE');
  });

  test('two kills: keep waiting (a later run may get through), with the cause named', () => {
    const a = assessWith(withRestarts(2));
    expect(a.verdict).toBe('progressing');
    expect(a.cause).toMatchObject({ kind: 'liveness-probe', fatal: false });
  });

  test("the probe's window, when the pod spec has one, is set against the run", () => {
    const p = structuredClone(pod) as KubeObject & { spec: { containers: Record<string, unknown>[] } };
    p.spec.containers[0].livenessProbe = {
      httpGet: { path: '/health', port: 5000 },
      initialDelaySeconds: 300,
      periodSeconds: 10,
      failureThreshold: 6,
    };
    expect(assessWith(p).cause?.fix[0]).toContain('the probe gives a silent server 6m00s');
  });

  test('without the Unhealthy event, or with OOMKilled, it is not the probe', () => {
    expect(assessWith(pod, []).cause?.kind).toBe('crash-loop');
    const oom = structuredClone(pod) as unknown as Pod;
    (oom.status!.containerStatuses![0].lastState!.terminated as { reason: string }).reason = 'OOMKilled';
    expect(assessWith(oom as unknown as KubeObject).cause?.kind).toBe('out-of-memory');
  });

  test('the Unhealthy event alone is recognized, and is not fatal', () => {
    const e = event as unknown as KubeEvent;
    expect(classify(`${e.reason}: ${e.message}`, 'event', context)).toMatchObject({ kind: 'liveness-probe', fatal: false });
  });
});

describe('2. a GPU node that never advertises nvidia.com/gpu', () => {
  const objects = fieldDocs('02-no-gpu-workspace-and-nodeclaim.yaml');

  test("Kaito's node plugin timeout stops the wait at once with the checks and the ways out", () => {
    const a = assess(snapshotOf(objects, {}), { maxRestarts: 5, context });
    expect(a.verdict).toBe('failed');
    expect(a.cause?.kind).toBe('gpu-driver');
    expect(a.cause?.title).toMatch(/GPU node aks-ws3f2a9c1d7-28174635-vmss000000 has no usable NVIDIA driver or device plugin/);
    const fix = a.cause!.fix.join('\n');
    expect(fix).toContain("kubectl get node aks-ws3f2a9c1d7-28174635-vmss000000 --output jsonpath='{.status.allocatable}'");
    expect(fix).toContain('--namespace kaito-workspace --selector name=nvidia-device-plugin-ds');
    expect(fix).toContain('nvidia-smi');
    expect(fix).toContain(
      'az aks nodepool upgrade --resource-group rg-kaito --cluster-name aks-kaito --name ws3f2a9c1d7 --node-image-only',
    );
    expect(fix).not.toMatch(/--timeout|wait longer/);
    expect(a.steps.find((s) => s.key === 'resource')?.state).toBe('failed');
  });

  test('recognized early by wait: the node Ready for 10 minutes with no allocatable GPU, before Kaito gives up', async () => {
    const [workspace, claim] = objects as (KubeObject & { status: Record<string, unknown> })[];
    const pending = { ...workspace, status: { targetNodeCount: 1, state: 'Pending' } };
    const node: KubeObject = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'aks-ws3f2a9c1d7-28174635-vmss000000', labels: { 'node.kubernetes.io/instance-type': 'Standard_NV36ads_A10_v5' } },
      status: {
        // no nvidia.com/gpu: the device plugin never registered the GPU
        allocatable: { cpu: '35820m', memory: '420Gi', pods: '110' },
        conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-26T09:19:30Z' }],
      },
    };
    const api = await startFakeApi([pending, claim, node], {});
    try {
      const screen = memoryScreen();
      const clock = fakeClock(); // 09:14:10
      const code = await runWait(
        new KubeClient(api.connection()),
        testTarget(),
        { timeoutMs: 30 * 60_000, intervalMs: 60_000, maxRestarts: 5 },
        { screen, ...clock },
      );
      expect(code).toBe(EXIT.FAILURE);
      expect(screen.text()).toMatch(
        /failed after 1[56]m\d\ds: the GPU node aks-ws3f2a9c1d7-28174635-vmss000000 has no usable NVIDIA driver/,
      );
      expect(screen.text()).toContain('advertises no nvidia.com/gpu in its allocatable 10 minutes after it turned Ready');
      expect(screen.text()).not.toMatch(/wait longer/);
    } finally {
      await api.stop();
    }
  });

  test('status names it too, with the fix', async () => {
    const api = await startFakeApi(objects, {});
    try {
      const screen = memoryScreen();
      await runStatus(new KubeClient(api.connection()), testTarget(), screen);
      expect(screen.text()).toMatch(
        /workspace-falcon-7b-instruct in pets: failed: the GPU node aks-ws3f2a9c1d7-28174635-vmss000000 has no usable NVIDIA driver/,
      );
      expect(screen.text()).toContain('--node-image-only');
    } finally {
      await api.stop();
    }
  });

  test('with the AKS add-on, the device plugin runs in kube-system', () => {
    const addon = causeContext(testTarget({ KAITO_INSTALL: 'aks-addon' }));
    const cause = classify('node plugin installation timed out. node aks-x1-1-vmss000000 is not ready', 's', addon);
    expect(cause?.fix.join('\n')).toContain('--namespace kube-system --selector name=nvidia-device-plugin-ds');
  });
});

describe('3. AKS busy with another operation', () => {
  const [claim] = fieldDocs('04-busy-nodeclaim.yaml');

  test('a named cause that is not fatal, with the operation, how to follow it and why it happens', () => {
    const message = (claim as unknown as { status: { conditions: { message: string }[] } }).status.conditions[0].message;
    const cause = classify(message, 'NodeClaim', context);
    expect(cause).toMatchObject({ kind: 'cluster-busy', fatal: false });
    expect(cause?.title).toBe(
      'AKS is busy with another operation on the cluster (Upgrading): it cannot add the GPU node pool until that ends',
    );
    const fix = cause!.fix.join('\n');
    expect(fix).toContain('az aks operation show-latest --resource-group rg-kaito --name aks-kaito');
    expect(fix).toContain('--query provisioningState');
    expect(fix).toMatch(/ends by itself/);
    expect(fix).toMatch(/automatic upgrade/);
  });

  test("it is the problem wait names, not Kaito's 4-minute NodeClaim check", () => {
    const workspace = scenario('03-quota-exceeded').find((o) => o.kind === 'Workspace')!;
    const a = assess(snapshotOf([workspace, claim], {}), { maxRestarts: 5, context });
    expect(a.verdict).toBe('progressing');
    expect(a.cause?.kind).toBe('cluster-busy');
  });

  test('a quota OperationNotAllowed stays quota', () => {
    const quota =
      'Code="OperationNotAllowed" Message="Operation could not be completed as it results in exceeding approved standardNVADSA10v5Family Cores quota."';
    expect(classify(quota, 's', context)?.kind).toBe('quota');
  });
});

describe('4. Hugging Face unreachable from the node', () => {
  const crashingWith = (log: string, restarts = 6) => {
    const objects = scenario('07-inference-ready-pod-crashing').map((o) => {
      if (o.metadata.name !== POD) return o;
      const p = structuredClone(o) as KubeObject & { status: { containerStatuses: { restartCount: number }[] } };
      p.status.containerStatuses[0].restartCount = restarts;
      return p;
    });
    return assess(snapshotOf(objects, { [POD]: log }), { maxRestarts: 5, context });
  };

  test('named with the host, fatal after the restarts, with the egress rule and the presets in the image', () => {
    const a = crashingWith(field('05-hf-unreachable-previous.log'));
    expect(a.verdict).toBe('failed');
    expect(a.cause?.kind).toBe('hf-unreachable');
    expect(a.cause?.title).toBe('the node cannot reach huggingface.co to download the weights (egress blocked, or a Hugging Face outage)');
    const fix = a.cause!.fix.join('\n');
    expect(fix).toMatch(/allow outbound HTTPS \(443\) from the cluster to huggingface\.co, hf\.co, cdn-lfs\.hf\.co/);
    expect(fix).toContain('npx kaito-aks models');
    expect(fix).not.toContain('KAITO_MODEL_ACCESS_SECRET');
  });

  test('a few restarts: not fatal yet (an outage passes)', () => {
    expect(crashingWith(field('05-hf-unreachable-previous.log'), 2)).toMatchObject({
      verdict: 'progressing',
      cause: { kind: 'hf-unreachable', fatal: false },
    });
  });

  test.each([
    ["requests.exceptions.ConnectionError: HTTPSConnectionPool(host='huggingface.co', port=443): Max retries exceeded", 'huggingface.co'],
    ["Failed to resolve 'cdn-lfs.hf.co' ([Errno -3] Temporary failure in name resolution)", 'cdn-lfs.hf.co'],
  ])('%s', (message, host) => {
    expect(classify(message, 's', context)?.title).toContain(`cannot reach ${host}`);
  });

  test('the gated-token case stays the token case', () => {
    expect(
      classify('GatedRepoError: 401 Client Error. Cannot access gated repo for url https://huggingface.co/x', 's', context)?.kind,
    ).toBe('model-access');
  });
});

describe('5. DeploymentNotFound right after the Azure OpenAI deployment is made', () => {
  const body = JSON.parse(field('07-deployment-not-found-body.json'));

  async function smokeWith(times: number, propagationWindowMs?: number) {
    const api = await startFakeApi(readyCluster());
    try {
      api.state.descriptionError = { times, status: 500, body };
      let t = 0;
      const slept: number[] = [];
      const screen = memoryScreen();
      const code = await runSmoke(
        new KubeClient(api.connection()),
        testTarget({ DEPLOY_AZURE_OPENAI: 'true' }),
        { prompt: 'x', requestTimeoutMs: 5000, propagationWindowMs },
        { screen, clock: () => t, sleep: async (ms) => void (slept.push(ms), (t += ms)) },
      );
      return { code, text: screen.text(), slept };
    } finally {
      await api.stop();
    }
  }

  test('the field case: three 500s with DeploymentNotFound, then it works: smoke passes after retries with a progress line', async () => {
    const { code, text, slept } = await smokeWith(3);
    expect(code).toBe(EXIT.OK);
    expect(slept).toEqual([PROPAGATION_RETRY_MS, PROPAGATION_RETRY_MS, PROPAGATION_RETRY_MS]);
    expect(text).toContain(
      '  … ai-service /generate/description says "DeploymentNotFound": a new Azure OpenAI deployment can take minutes to be served; retrying (0 min of 10 min)',
    );
  });

  test('still not found after the window: the deployment name does not match, with the command to list them', async () => {
    const { code, text } = await smokeWith(1000, 60_000);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('still answers DeploymentNotFound after the 1m00s propagation window');
    expect(text).toMatch(/AZURE_OPENAI_DEPLOYMENT_NAME( \([\w.-]+\))? names no deployment of the account/);
    expect(text).toContain('az cognitiveservices account deployment list --name oai-kaito --resource-group rg-kaito');
  });
});

describe('6. a Helm release left pending by an interrupted apply', () => {
  /**
   * The Secret of a new revision of the recorded release `name` with `status`, as Helm writes it before
   * it acts (an upgrade: the next revision; a first install: revision 1 in place of the recorded one).
   */
  function pendingSecret(name: string, status: string): KubeObject {
    const secrets = readDocs('helm', 'releases.yaml').filter((o) => o.metadata.labels?.name === name) as (KubeObject & {
      data: { release: string };
    })[];
    const latest = secrets.sort((a, b) => Number(b.metadata.labels?.version) - Number(a.metadata.labels?.version))[0];
    const inner = gunzipSync(Buffer.from(Buffer.from(latest.data.release, 'base64').toString('utf8'), 'base64'));
    const release = JSON.parse(inner.toString('utf8'));
    release.version = status === 'pending-install' ? 1 : release.version + 1;
    release.info.status = status;
    const data = Buffer.from(gzipSync(Buffer.from(JSON.stringify(release))).toString('base64')).toString('base64');
    const version = String(release.version);
    return {
      ...latest,
      metadata: {
        ...latest.metadata,
        name: `sh.helm.release.v1.${name}.v${version}`,
        labels: { ...latest.metadata.labels, status, version },
      },
      data: { release: data },
    };
  }

  async function statusWith(pending: KubeObject[]) {
    const names = new Set(pending.map((p) => p.metadata.name));
    const api = await startFakeApi([...readyCluster().filter((o) => !names.has(o.metadata.name)), ...pending]);
    try {
      const screen = memoryScreen();
      const code = await runStatus(new KubeClient(api.connection()), testTarget(), screen);
      return { code, text: screen.text() };
    } finally {
      await api.stop();
    }
  }

  test('the field case: status exits 1, marks the releases and prints the recovery for each', async () => {
    const { code, text } = await statusWith([
      pendingSecret('workspace', 'pending-upgrade'),
      pendingSecret('aks-store-demo', 'pending-upgrade'),
    ]);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toMatch(/workspace +workspace 0\.10\.0 \(app 0\.10\.0\), pending-upgrade ✖ left by an interrupted apply/);
    expect(text).toContain(
      '✖ Helm release workspace in kaito-workspace is pending-upgrade (revision 2): left by an interrupted apply; the next deploy fails with "another operation (install/upgrade/rollback) is in progress"',
    );
    expect(text).toContain('helm rollback aks-store-demo 2 --namespace pets');
    expect(text).toContain('kubectl delete secret sh.helm.release.v1.aks-store-demo.v3 --namespace pets');
    expect(text).toContain('then apply again: npm run deploy (or azd provision)');
  });

  test('pending-install of a first revision: uninstall, since there is nothing to roll back to', async () => {
    const { code, text } = await statusWith([pendingSecret('gpu-provisioner', 'pending-install')]);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain('helm uninstall gpu-provisioner --namespace gpu-provisioner');
  });

  test('a later revision pending-upgrade: roll back to the one before', () => {
    expect(pendingRecovery({ name: 'w', namespace: 'n', revision: 3, status: 'pending-upgrade', chart: 'c', chartVersion: '1' })[0]).toBe(
      'helm rollback w 2 --namespace n (back to the last revision that finished)',
    );
  });

  test('all deployed: exit 0, no warning', async () => {
    const { code, text } = await statusWith([]);
    expect(code).toBe(EXIT.OK);
    expect(text).not.toContain('interrupted apply');
  });
});

describe("7. quota for the whole first provision, the system pool's included", () => {
  const recorded = (name: string) => JSON.parse(readFileSync(join(FIXTURES, 'azure', name), 'utf8')).value;
  async function preflightWith(usages: UsageRecord[], skus: SkuRecord[] = recorded('resource-skus-eastus.json'), groupExists = false) {
    const azure: AzureAccess = {
      signIn: async () => ({ ok: true }),
      kubernetesVersions: async () => JSON.parse(readFileSync(join(FIXTURES, 'azure', 'kubernetes-versions-eastus.json'), 'utf8')).values,
      usages: async () => usages,
      skus: async () => skus,
      permissions: async () => (groupExists ? recorded('permissions-owner.json') : undefined),
      openAiUsages: async () => [],
    };
    const screen = memoryScreen();
    const code = await runPreflight(
      loadConfig({ AZURE_SUBSCRIPTION_ID: '3f6b2a50-9c1e-4c77-8a5e-1b2c3d4e5f60' }),
      async () => azure,
      screen,
    );
    return { code, text: screen.text() };
  }
  const fresh = (): UsageRecord[] => JSON.parse(field('09-usages-fresh-subscription.json')).value;

  test('the field case: no DDSv5 quota and 40 regional vCPUs for 36 + 8: fails, with the quota to request per family', async () => {
    const { code, text } = await preflightWith(fresh());
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain(
      "the cluster's system pool: 2 x Standard_D4ds_v5 = 8 vCPUs of standardDDSv5Family quota and of the regional total (44 in all)",
    );
    expect(text).toContain('  ✔ Standard_D4ds_v5 (system pool) is offered in eastus (zones 1, 2, 3)');
    expect(text).toContain('  ✔ Standard NVADSA10v5 Family vCPUs (standardNVADSA10v5Family): 36 of 36 vCPUs free, 36 needed');
    expect(text).toContain('  ✖ Standard DDSv5 Family vCPUs (standardDDSv5Family): 0 of 0 vCPUs free, 8 needed');
    expect(text).toContain('  ✖ Total Regional vCPUs (cores): 40 of 40 vCPUs free, 44 needed');
    expect(text).toContain("first provision would fail on the cluster's system pool");
    expect(text).toContain(
      'request a quota increase: Standard DDSv5 Family vCPUs (standardDDSv5Family) in eastus to a limit of at least 8 vCPUs',
    );
    expect(text).toContain('request a quota increase: Total Regional vCPUs (cores) in eastus to a limit of at least 44 vCPUs');
  });

  test("the system pool's size not offered in the region fails too", async () => {
    const skus = recorded('resource-skus-eastus.json').filter((s: SkuRecord) => s.name !== 'Standard_D4ds_v5');
    const roomy = fresh().map((u) => ({ ...u, limit: 100 }));
    const { code, text } = await preflightWith(roomy, skus);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain("  ✖ Standard_D4ds_v5 is not offered in eastus (the system pool's size)");
  });

  test('the cluster exists (its resource group does): the system pool already runs and counts in the usage only', async () => {
    const roomy = fresh().map((u) => ({ ...u, limit: 100 }));
    const { code, text } = await preflightWith(roomy, undefined, true);
    expect(code).toBe(EXIT.OK);
    expect(text).not.toContain('system pool: 2 x');
    expect(text).toContain('  ✔ Total Regional vCPUs (cores): 100 of 100 vCPUs free, 36 needed');
  });
});

describe("8. Azure OpenAI's tokens-per-minute quota, before Terraform's InsufficientQuota", () => {
  const SUBSCRIPTION = '3f6b2a50-9c1e-4c77-8a5e-1b2c3d4e5f60';
  const recorded = (name: string) => JSON.parse(readFileSync(join(FIXTURES, 'azure', name), 'utf8')).value;
  /** The field case's environment: Azure OpenAI gpt-4.1-mini GlobalStandard, capacity 30 (30,000 TPM). */
  const ENV = {
    AZURE_SUBSCRIPTION_ID: SUBSCRIPTION,
    DEPLOY_AZURE_OPENAI: 'true',
    AZURE_OPENAI_MODEL_NAME: 'gpt-4.1-mini',
    AZURE_OPENAI_SKU: 'GlobalStandard',
    AZURE_OPENAI_CAPACITY: '30',
  };
  async function preflightWith(env: Record<string, string>, openAiUsages: AzureAccess['openAiUsages'], groupExists = false) {
    const asked: string[] = [];
    const azure: AzureAccess = {
      signIn: async () => ({ ok: true }),
      kubernetesVersions: async () => JSON.parse(readFileSync(join(FIXTURES, 'azure', 'kubernetes-versions-eastus.json'), 'utf8')).values,
      usages: async () => recorded('usages-eastus.json'),
      skus: async () => recorded('resource-skus-eastus.json'),
      permissions: async () => (groupExists ? recorded('permissions-owner.json') : undefined),
      openAiUsages: async (location) => (asked.push(location), openAiUsages(location)),
    };
    const screen = memoryScreen();
    const code = await runPreflight(loadConfig(env), async () => azure, screen);
    return { code, text: screen.text(), asked };
  }
  const usedUp = async () => recorded('openai-usages-eastus.json');

  test('the field case: 8 of 50 left, 30 asked: fails before provisioning, with the value to lower and the quota to request', async () => {
    const { code, text, asked } = await preflightWith(ENV, usedUp);
    expect(asked).toEqual(['eastus']);
    expect(code).toBe(EXIT.FAILURE);
    expect(text).toContain(
      '  ✖ Azure OpenAI gpt-4.1-mini GlobalStandard in eastus (OpenAI.GlobalStandard.gpt-4.1-mini): 8 of 50 thousand tokens per minute free, 30 needed (AZURE_OPENAI_CAPACITY)',
    );
    expect(text).toContain('✖ preflight failed: the Azure OpenAI deployment would fail with InsufficientQuota');
    expect(text).toContain('lower AZURE_OPENAI_CAPACITY to at most 8 (azd env set AZURE_OPENAI_CAPACITY 8)');
    expect(text).toContain('request more gpt-4.1-mini GlobalStandard quota in eastus, to a limit of at least 72');
  });

  test('enough left: a check mark, and preflight passes', async () => {
    const { code, text } = await preflightWith({ ...ENV, AZURE_OPENAI_CAPACITY: '8' }, usedUp);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('  ✔ Azure OpenAI gpt-4.1-mini GlobalStandard in eastus');
  });

  test('an environment already provisioned: a warning, not a failure (the usage counts its own deployment)', async () => {
    const { code, text } = await preflightWith(ENV, usedUp, true);
    expect(code).toBe(EXIT.OK);
    expect(text).toContain('  ! Azure OpenAI gpt-4.1-mini GlobalStandard in eastus (OpenAI.GlobalStandard.gpt-4.1-mini): 8 of 50');
  });

  test('the usages cannot be read: a notice with the command, not a failure', async () => {
    const { code, text } = await preflightWith(ENV, async () => {
      throw Object.assign(new Error('The client does not have authorization'), { statusCode: 403 });
    });
    expect(code).toBe(EXIT.OK);
    expect(text).toContain(
      'skipped the Azure OpenAI quota check: Azure did not list the Cognitive Services usages (403 The client does not have authorization)',
    );
    expect(text).toContain('az cognitiveservices usage list --location eastus');
  });

  test('with the local LLM, Azure OpenAI is not asked', async () => {
    const { asked } = await preflightWith({ AZURE_SUBSCRIPTION_ID: SUBSCRIPTION }, usedUp);
    expect(asked).toEqual([]);
  });
});

describe('9. automatic upgrades and the GPU pool', () => {
  // the maintenance window itself: __tests__/constructs/aks-cluster.test.ts

  test('preflight: a family quota that holds the GPU node but not a surge node says so, without failing', async () => {
    const recorded = (name: string) => JSON.parse(readFileSync(join(FIXTURES, 'azure', name), 'utf8')).value;
    const azure: AzureAccess = {
      signIn: async () => ({ ok: true }),
      kubernetesVersions: async () => JSON.parse(readFileSync(join(FIXTURES, 'azure', 'kubernetes-versions-eastus.json'), 'utf8')).values,
      usages: async () => recorded('usages-eastus.json'),
      skus: async () => recorded('resource-skus-eastus.json'),
      permissions: async () => recorded('permissions-owner.json'),
      openAiUsages: async () => [],
    };
    const screen = memoryScreen();
    const code = await runPreflight(
      loadConfig({ AZURE_SUBSCRIPTION_ID: '3f6b2a50-9c1e-4c77-8a5e-1b2c3d4e5f60' }),
      async () => azure,
      screen,
    );
    expect(code).toBe(EXIT.OK);
    expect(screen.text()).toContain('  ✔ Standard NVADSA10v5 Family vCPUs (standardNVADSA10v5Family): 36 of 36 vCPUs free, 36 needed');
    expect(screen.text()).toContain('! no room for an upgrade surge');
    expect(screen.text()).toContain('standardNVADSA10v5Family would have 0 free');
    expect(screen.text()).toContain('until you raise standardNVADSA10v5Family to 72');
    // the regional total has room (92 free): not named
    expect(screen.text()).not.toMatch(/cores would have/);
  });

  test('status: a GPU node cordoned for an upgrade is shown, with the command that tells a failed upgrade', async () => {
    const objects = readyCluster().map((o) =>
      o.kind === 'Node' && o.metadata.name === 'aks-ws3f2a9c1d7-28174635-vmss000000'
        ? { ...o, spec: { ...(o.spec as object), unschedulable: true } }
        : o,
    );
    const api = await startFakeApi(objects);
    try {
      const screen = memoryScreen();
      await runStatus(new KubeClient(api.connection()), testTarget(), screen);
      expect(screen.text()).toContain('aks-ws3f2a9c1d7-28174635-vmss000000 (Standard_NV36ads_A10_v5, cordoned: being upgraded or drained)');
      expect(screen.text()).toContain(
        'az aks nodepool show --resource-group rg-kaito --cluster-name aks-kaito --name ws3f2a9c1d7 --query "{state: provisioningState, image: nodeImageVersion}"',
      );
    } finally {
      await api.stop();
    }
  });
});
