/**
 * Issue 27 item 2: the Workspace lives in namespace pets, which enforces Pod Security "baseline";
 * a preset whose inference pod (as Kaito's controller makes it) needs "privileged" is refused at
 * synth, with the reason, instead of a Workspace that never becomes ready.
 */
import { loadConfig } from '../../config';
import { PRESETS } from '../../catalog';
import { APP_NAMESPACE_POD_SECURITY } from '../../config/names';
import { problems } from './helpers';

const PRIVILEGED = PRESETS.filter((p) => p.podSecurityLevel === 'privileged');

test('namespace pets enforces baseline, which admits every preset but the hostPath ones', () => {
  expect(APP_NAMESPACE_POD_SECURITY).toBe('baseline');
  expect(PRIVILEGED.map((p) => p.name).sort()).toEqual([
    'deepseek-ai/DeepSeek-V3.2',
    'deepseek-ai/DeepSeek-V4-Flash-0731',
    'deepseek-ai/DeepSeek-V4-Pro',
    'mistralai/Mistral-Small-4-119B-2603',
    'zai-org/GLM-5.2-FP8',
  ]);
});

describe.each(PRIVILEGED.map((p) => [p.name, p] as const))(
  'fails when KAITO_MODEL=%s (Kaito 0.12.0 mounts a node path)',
  (name, preset) => {
    test('names the variable, the value, the hostPath, the namespace level and what to choose instead', () => {
      const issues = problems({ KAITO_VERSION: preset.release, KAITO_MODEL: name });
      const issue = issues.find((i) => i.variable === 'KAITO_MODEL');
      expect(issue?.value).toBe(name);
      expect(issue?.message).toContain('/opt/kaito/cuda/129');
      expect(issue?.message).toContain('hostPath');
      expect(issue?.message).toContain('needs Pod Security "privileged"');
      expect(issue?.message).toContain('namespace pets, which enforces "baseline"');
      expect(issue?.message).toContain('npx kaito-aks models --release 0.12.0');
      // the size is not blamed: the model is refused before its fit is judged
      expect(issues.filter((i) => i.variable === 'KAITO_INSTANCE_TYPE')).toEqual([]);
    });

    test('in any letter case', () => {
      expect(problems({ KAITO_VERSION: preset.release, KAITO_MODEL: name.toLowerCase() }).map((i) => i.variable)).toContain('KAITO_MODEL');
    });
  },
);

test.each([
  ['0.10.0', 'falcon-7b-instruct', 'falcon-7b-instruct'],
  ['0.12.0', 'mistral-7b-instruct', 'mistral-7b-instruct-v0.3'],
  ['0.12.0', 'mistralai/Mistral-Small-4-119B-2603-NVFP4', 'mistral-small-4-119b-2603-nvfp4'],
] as const)('Kaito %s accepts baseline preset %s, served as %s', (release, name, served) => {
  const config = loadConfig({ KAITO_VERSION: release, KAITO_MODEL: name });
  expect(config.kaito.preset.podSecurityLevel).toBe('baseline');
  expect(config.kaito.preset.servedModelName).toBe(served);
});
