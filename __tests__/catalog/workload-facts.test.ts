/**
 * The served model name and the Pod Security level of every preset and alias are what Kaito's own
 * controller generated (kaito-oracle `workload-<release>.jsonl` and `-nv36ads-a10.jsonl`, read in
 * ../shared/reference), for both release trains and both recorded sizes.
 */
import { join } from 'node:path';
import { PRESET_DATA, PRESETS, RELEASE_VERSIONS, resolvePreset } from '../../catalog';
import { OracleWorkload, readJsonLines, WORKLOAD_DIR, workloadFiles } from '../../scripts/refresh-catalog';

describe.each(RELEASE_VERSIONS)('Kaito %s', (release) => {
  const workloads = workloadFiles(release).flatMap((file) => readJsonLines<OracleWorkload>(join(WORKLOAD_DIR, file)));

  test("GIVEN every workload Kaito generated WHEN its name is resolved THEN our served model name, Pod Security level and host paths are Kaito's", () => {
    const differences = workloads.flatMap((w) => {
      const preset = resolvePreset(release, w.model)?.preset;
      if (!preset) return [`${w.model}: not in our catalog`];
      const ours = [preset.servedModelName, preset.podSecurityLevel, preset.hostPaths];
      const kaito = [w.servedModelName, w.podSecurityLevel, w.volumes.filter((v) => v.type === 'hostPath').map((v) => v.path)];
      return JSON.stringify(ours) === JSON.stringify(kaito)
        ? []
        : [`${w.model} on ${w.sku}: ours ${JSON.stringify(ours)}, Kaito ${JSON.stringify(kaito)}`];
    });
    expect(differences).toEqual([]);
  });

  test("every preset and every alias has a workload on Kaito's default size", () => {
    const onDefaultSize = readJsonLines<OracleWorkload>(join(WORKLOAD_DIR, workloadFiles(release)[0])).map((w) => w.model);
    const names = [
      ...PRESETS.filter((p) => p.release === release).map((p) => p.name),
      ...Object.keys(PRESET_DATA.releases[release].aliases),
    ];
    expect(onDefaultSize.sort()).toEqual(names.sort());
  });
});

test('the workloads behind the catalog say what the issue saw: 5 presets need privileged at 0.12.0, the rest baseline, none restricted', () => {
  const levels = (release: '0.10.0' | '0.12.0', level: string) =>
    PRESETS.filter((p) => p.release === release && p.podSecurityLevel === level)
      .map((p) => p.name)
      .sort();
  expect(levels('0.10.0', 'privileged')).toEqual([]);
  expect(levels('0.12.0', 'privileged')).toEqual([
    'deepseek-ai/DeepSeek-V3.2',
    'deepseek-ai/DeepSeek-V4-Flash-0731',
    'deepseek-ai/DeepSeek-V4-Pro',
    'mistralai/Mistral-Small-4-119B-2603',
    'zai-org/GLM-5.2-FP8',
  ]);
  expect(PRESETS.filter((p) => p.podSecurityLevel === 'restricted')).toEqual([]);
  expect(PRESETS.filter((p) => p.podSecurityLevel === 'privileged').every((p) => p.hostPaths.includes('/opt/kaito/cuda/129'))).toBe(true);
});

test.each([
  ['0.12.0', 'mistral-7b-instruct', 'mistral-7b-instruct-v0.3'],
  ['0.12.0', 'gemma-3-4b-instruct', 'gemma-3-4b-it'],
  ['0.12.0', 'ministral-3-8b-instruct', 'ministral-3-8b-instruct-2512'],
  ['0.12.0', 'microsoft/Phi-4-mini-instruct', 'phi-4-mini-instruct'],
  ['0.10.0', 'falcon-7b-instruct', 'falcon-7b-instruct'],
  ['0.10.0', 'google/gemma-3-27b-it', 'gemma-3-27b-instruct'],
] as const)('Kaito %s serves %s as %s', (release, name, served) => {
  expect(resolvePreset(release, name)?.preset.servedModelName).toBe(served);
});
