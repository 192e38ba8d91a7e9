/**
 * KaitoWorkspace: the Workspace object it emits, the Helm release that holds it, and the props it
 * refuses (name, node count, a GPU size or preset of another Kaito release).
 */
import { Testing, TerraformStack } from 'cdktf';
import { findGpuSku, findPreset, GpuSku, Preset, presetNames, RELEASE_TRAINS, ReleaseVersion } from '../../catalog';
import { KaitoWorkspace, KaitoWorkspaceOptions } from '../../constructs/kaito-workspace';
import { Namespace } from '../../constructs/namespace';

function sku(name: string): GpuSku {
  const found = findGpuSku(name);
  if (!found) throw new Error(`no GPU size ${name}`);
  return found;
}

function preset(release: ReleaseVersion): Preset {
  const found = findPreset(release, presetNames(release)[0]);
  if (!found) throw new Error(`no preset in ${release}`);
  return found;
}

const A10 = sku('Standard_NV36ads_A10_v5');
// listed by Kaito 0.10.0's GPU size table only
const T4 = sku('Standard_NC4as_T4_v3');

function build(options: Partial<KaitoWorkspaceOptions> = {}, release: ReleaseVersion = '0.10.0') {
  const stack = new TerraformStack(Testing.app(), 'x');
  const namespace = new Namespace(stack, 'Namespace', { name: 'kaito-workspace' });
  const workspace = new KaitoWorkspace(stack, 'Workspace', {
    name: 'workspace-llm',
    namespace,
    preset: preset(release),
    instanceType: A10,
    operator: { release: RELEASE_TRAINS[release], dependables: [] },
    ...options,
  });
  const json = JSON.parse(Testing.synth(stack)) as { resource: Record<string, Record<string, Record<string, unknown>>> };
  return { workspace, json };
}

describe('the Workspace it emits', () => {
  test.each(['0.10.0', '0.12.0'] as const)('Kaito %s: one GPU node of the size, the preset, a label of its own', (release) => {
    const { workspace } = build({}, release);
    const expected = {
      apiVersion: RELEASE_TRAINS[release].workspaceApiVersion,
      kind: 'Workspace',
      metadata: { name: 'workspace-llm', namespace: 'kaito-workspace' },
      resource: {
        count: 1,
        instanceType: 'Standard_NV36ads_A10_v5',
        labelSelector: { matchLabels: { apps: 'workspace-llm' } },
      },
      inference: { preset: { name: preset(release).name } },
    };
    expect(workspace.workspace).toEqual(expected);
    expect(workspace.manifest.objects).toEqual([expected]);
    expect(workspace.workspaceName).toBe('workspace-llm');
    expect(workspace.namespace).toBe('kaito-workspace');
    expect(workspace.endpoint).toBe('http://workspace-llm.kaito-workspace.svc/v1');
    expect(workspace.modelName).toBe(preset(release).servedModelName);
  });

  test.each([
    ['0.12.0', 'mistral-7b-instruct', 'mistral-7b-instruct-v0.3'],
    ['0.12.0', 'gemma-3-4b-instruct', 'gemma-3-4b-it'],
    ['0.10.0', 'falcon-7b-instruct', 'falcon-7b-instruct'],
  ] as const)('Kaito %s: the model name of %s is the name vLLM serves, %s', (release, name, served) => {
    const { workspace } = build({ preset: findPreset(release, name)! }, release);
    expect(workspace.workspace.inference).toEqual({ preset: { name } });
    expect(workspace.modelName).toBe(served);
  });

  test('a model access secret goes into the preset options; the node count is taken as given', () => {
    const { workspace } = build({ modelAccessSecret: 'hf-token', nodeCount: 2 });
    expect(workspace.workspace.inference).toEqual({
      preset: { name: preset('0.10.0').name, presetOptions: { modelAccessSecret: 'hf-token' } },
    });
    expect(workspace.workspace.resource).toEqual({
      count: 2,
      instanceType: 'Standard_NV36ads_A10_v5',
      labelSelector: { matchLabels: { apps: 'workspace-llm' } },
    });
  });

  test('the release waits for the Workspace, 1800 s by default or the timeout given', () => {
    const defaults = Object.values(build().json.resource.helm_release)[0];
    expect(defaults).toMatchObject({ name: 'workspace-llm', namespace: 'kaito-workspace', wait: true, timeout: 1800 });
    const given = Object.values(build({ deleteTimeoutSeconds: 600 }).json.resource.helm_release)[0];
    expect(given).toMatchObject({ wait: true, timeout: 600 });
  });
});

describe('the props it refuses', () => {
  test.each(['1llm', 'Workspace', 'workspace_llm', '-llm', 'a'.repeat(64), ''])(
    'fails when the name is %j, which is no DNS-1035 label',
    (name) => {
      expect(() => build({ name })).toThrow(
        `KaitoWorkspace name must be a DNS-1035 label (lowercase letters, digits, '-', starting with a letter, at most 63), got "${name}"`,
      );
    },
  );

  test('accepts a name of 63 characters starting with a letter', () => {
    expect(build({ name: `w${'1'.repeat(62)}` }).workspace.workspaceName).toHaveLength(63);
  });

  test.each([0, 1.5, -1])('fails when nodeCount is %p', (nodeCount) => {
    expect(() => build({ nodeCount })).toThrow(`KaitoWorkspace nodeCount must be a whole number of 1 or more, got ${nodeCount}`);
  });

  test('fails when the GPU size is not in the operator release table', () => {
    expect(() => build({ instanceType: T4 }, '0.12.0')).toThrow(
      "KaitoWorkspace instanceType Standard_NC4as_T4_v3 is not in Kaito 0.12.0's GPU size table",
    );
    expect(build({ instanceType: T4 }, '0.10.0').workspace.workspace.resource).toMatchObject({ instanceType: 'Standard_NC4as_T4_v3' });
  });

  test.each([
    ['baseline', 'deepseek-ai/DeepSeek-V3.2', 'privileged'],
    ['restricted', 'mistral-7b-instruct', 'baseline'],
  ] as const)('fails when the namespace enforces %s and the inference pod of %s needs %s', (enforce, name, needed) => {
    const stack = new TerraformStack(Testing.app(), 'x');
    const namespace = new Namespace(stack, 'Namespace', { name: 'pets', enforce });
    const props = { name: 'workspace-llm', namespace, preset: findPreset('0.12.0', name)!, instanceType: sku('Standard_NC24ads_A100_v4') };
    expect(
      () => new KaitoWorkspace(stack, 'Workspace', { ...props, operator: { release: RELEASE_TRAINS['0.12.0'], dependables: [] } }),
    ).toThrow(`KaitoWorkspace preset ${name}: Kaito 0.12.0's inference pod needs Pod Security "${needed}"`);
  });

  test('the hostPath preset is admitted by a privileged namespace, and its node path is named when refused', () => {
    const stack = new TerraformStack(Testing.app(), 'x');
    const preset = findPreset('0.12.0', 'deepseek-ai/DeepSeek-V3.2')!;
    const operator = { release: RELEASE_TRAINS['0.12.0'], dependables: [] };
    const instanceType = sku('Standard_NC24ads_A100_v4');
    const privileged = new Namespace(stack, 'Privileged', { name: 'privileged', enforce: 'privileged' });
    expect(new KaitoWorkspace(stack, 'Admitted', { name: 'w', namespace: privileged, preset, instanceType, operator }).modelName).toBe(
      'deepseek-v3.2',
    );
    const baseline = new Namespace(stack, 'Baseline', { name: 'baseline' });
    expect(() => new KaitoWorkspace(stack, 'Refused', { name: 'w', namespace: baseline, preset, instanceType, operator })).toThrow(
      '(it mounts the node path /opt/kaito/cuda/129), but namespace baseline enforces "baseline", which refuses the pod',
    );
  });

  test('fails when the preset is from another Kaito release than the operator', () => {
    const other = preset('0.12.0');
    expect(() => build({ preset: other }, '0.10.0')).toThrow(
      `KaitoWorkspace preset ${other.name} is from Kaito 0.12.0, but the operator runs 0.10.0`,
    );
  });
});
