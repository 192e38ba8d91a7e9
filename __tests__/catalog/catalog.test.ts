import {
  cheapestFit,
  estimateFit,
  findGpuSku,
  findPreset,
  GPU_SKUS,
  GpuSku,
  Preset,
  PRESETS,
  presetAliases,
  presetAvailability,
  presetNames,
  presetNamesAndAliases,
  resolvePreset,
  RELEASE_TRAINS,
  RELEASE_VERSIONS,
} from '../../catalog';
import { readReference } from '../../scripts/reference';

/** A file of Kaito's reference data, `../shared/reference/kaito/<file>`. */
const kaitoFile = (file: string) => readReference('kaito', file);

function csv(file: string): Record<string, string>[] {
  const [header, ...rows] = kaitoFile(file).trim().split('\n');
  const keys = header.split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [keys[i], v])));
}

function preset(release: '0.10.0' | '0.12.0', name: string): Preset {
  const found = findPreset(release, name);
  if (!found) throw new Error(`no preset ${name} in ${release}`);
  return found;
}

function gpu(name: string): GpuSku {
  const found = findGpuSku(name);
  if (!found) throw new Error(`no GPU size ${name}`);
  return found;
}

describe('catalog data matches the upstream reference files', () => {
  test('every GPU size of azure-gpu-skus.csv with its GPUs, memory and the releases that list it', () => {
    const rows = csv('azure-gpu-skus.csv');
    expect(GPU_SKUS.map((s) => s.name).sort()).toEqual(rows.map((r) => r.sku).sort());
    for (const row of rows) {
      const s = gpu(row.sku);
      expect(s.gpuCount).toBe(Number(row.gpu_count));
      expect(s.gpuMemoryGiB).toBe(Number(row.gpu_mem_gib_total));
      expect(s.gpuModel).toBe(row.gpu_model);
      const listed = row['supported_in_kaito_v0.12.0'];
      expect(s.kaitoReleases.includes('0.12.0')).toBe(listed === 'yes');
      expect(s.kaitoReleases.includes('0.10.0')).toBe(!listed.includes('removed in v0.9.0'));
    }
  });

  test('the chart versions are the pinned compatible pairs, and the CRD stores v1beta1', () => {
    expect(RELEASE_TRAINS['0.10.0'].workspaceChart.version).toBe('0.10.0');
    expect(RELEASE_TRAINS['0.10.0'].gpuProvisionerChart.version).toBe('0.4.1');
    expect(RELEASE_TRAINS['0.12.0'].workspaceChart.version).toBe('0.12.0');
    expect(RELEASE_TRAINS['0.12.0'].gpuProvisionerChart.version).toBe('0.4.3');
    for (const v of RELEASE_VERSIONS) {
      const train = RELEASE_TRAINS[v];
      expect(train.gpuProvisionerChart.repository).toBe('https://azure.github.io/gpu-provisioner/charts');
      expect(train.workspaceChart.repository).toBe('https://kaito-project.github.io/kaito/charts/kaito');
      const crd = kaitoFile(`kaito.sh_workspaces-${v}.yaml`);
      expect(crd).toMatch(/name: v1beta1\n(.*\n)*?\s+storage: true/);
      expect(train.workspaceApiVersion).toBe('kaito.sh/v1beta1');
      // the chart images follow the train
      expect(kaitoFile(`workspace-values-${v}.yaml`)).toContain(`tag: ${v}`);
      expect(kaitoFile(`gpu-provisioner-values-${train.gpuProvisionerChart.version}.yaml`)).toContain(
        `tag: ${train.gpuProvisionerChart.version}`,
      );
    }
  });
});

describe('presets by release', () => {
  test('0.10.0 serves falcon, 0.12.0 does not', () => {
    expect(presetNames('0.10.0')).toContain('falcon-7b-instruct');
    expect(presetNames('0.12.0')).not.toContain('falcon-7b-instruct');
  });

  test('names are sorted and compare case-insensitively', () => {
    const names = presetNames('0.12.0');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(findPreset('0.12.0', 'MICROSOFT/PHI-4-MINI-INSTRUCT')?.name).toBe('microsoft/Phi-4-mini-instruct');
  });

  test("Kaito's aliases resolve to the preset they name, in any letter case, and say how they were given", () => {
    expect(resolvePreset('0.10.0', 'tiiuae/falcon-7b-instruct')).toEqual({
      preset: preset('0.10.0', 'falcon-7b-instruct'),
      givenAs: 'tiiuae/falcon-7b-instruct',
    });
    expect(resolvePreset('0.10.0', 'Qwen/Qwen2.5-Coder-7B-Instruct')?.preset.name).toBe('qwen2.5-coder-7b-instruct');
    expect(resolvePreset('0.10.0', 'falcon-7b-instruct')).toEqual({ preset: preset('0.10.0', 'falcon-7b-instruct') });
    expect(presetAliases(preset('0.10.0', 'falcon-7b-instruct'))).toEqual(['tiiuae/falcon-7b-instruct']);
    // 0.12.0 has no alias table: its catalog names are Hugging Face ids already
    expect(resolvePreset('0.12.0', 'tiiuae/falcon-7b-instruct')).toBeUndefined();
    expect(presetAliases(preset('0.12.0', 'phi-4'))).toEqual([]);
    // an object key is not a preset
    expect(resolvePreset('0.10.0', 'constructor')).toBeUndefined();
  });

  test('the did-you-mean candidates are every preset name and alias of the release', () => {
    expect(presetNamesAndAliases('0.10.0')).toEqual(expect.arrayContaining(['falcon-7b-instruct', 'tiiuae/falcon-7b-instruct']));
    expect(presetNamesAndAliases('0.12.0')).toEqual(presetNames('0.12.0'));
  });

  test('availability of a removed preset says where it still is', () => {
    expect(presetAvailability('falcon-7b-instruct')).toEqual({ servedBy: ['0.10.0'], removedIn: '0.11.0' });
    expect(presetAvailability('phi-4')).toEqual({ servedBy: ['0.10.0', '0.12.0'], removedIn: undefined });
    expect(presetAvailability('tiiuae/falcon-7b-instruct')).toEqual({ servedBy: ['0.10.0'], removedIn: '0.11.0' });
    expect(presetAvailability('no-such-model')).toEqual({ servedBy: [], removedIn: undefined });
  });

  test.each(['falcon-7b', 'falcon-7b-instruct', 'falcon-40b', 'FALCON-40B-Instruct', 'tiiuae/falcon-40b'])(
    'every falcon preset, in any letter case or by alias, was removed in 0.11.0 (%s)',
    (name) => {
      expect(presetAvailability(name)).toEqual({ servedBy: ['0.10.0'], removedIn: '0.11.0' });
    },
  );

  test('a name no release serves has no removal, even one that is a key of every object', () => {
    expect(presetAvailability('constructor')).toEqual({ servedBy: [], removedIn: undefined });
    expect(presetAvailability('__proto__')).toEqual({ servedBy: [], removedIn: undefined });
  });
});

describe('estimateFit reproduces the Kaito node estimator', () => {
  const falcon = preset('0.10.0', 'falcon-7b-instruct');

  test('falcon-7b-instruct, which Kaito does not split, fits one whole A10: 16.0 GiB needed, 24 there', () => {
    const fit = estimateFit(falcon, gpu('Standard_NV36ads_A10_v5'));
    expect(fit.failure).toBeUndefined();
    expect(fit.requiredGiBOnOneGpu).toBeCloseTo(16.02, 2);
    expect(fit.availableGiBPerGpu).toBe(24);
    expect(fit.gpusNeeded).toBe(1);
    expect(fit.nodesNeeded).toBe(1);
  });

  test('the rule agrees with the measured 16.3 GiB peak within 0.5 GiB', () => {
    const measuredPeakGiB = 15.64 + 0.67; // falcon-7b-gpu-memory.md, full 2048-token context
    expect(Math.abs(estimateFit(falcon, gpu('Standard_NV36ads_A10_v5')).requiredGiBOnOneGpu - measuredPeakGiB)).toBeLessThan(0.5);
  });

  test('falcon-7b-instruct fails on a T4: it cannot be split across GPUs and 16.02 GiB > 16 GiB', () => {
    const fit = estimateFit(falcon, gpu('Standard_NC4as_T4_v3'));
    expect(fit.failure).toBe('NOT_SPLITTABLE');
    expect(fit.availableGiBPerGpu).toBe(16);
    expect([fit.gpusNeeded, fit.nodesNeeded]).toEqual([0, 0]);
    // with no GPU count, the need per GPU is the need on one
    expect(fit.requiredGiBPerGpu).toBe(fit.requiredGiBOnOneGpu);
  });

  test('falcon-7b-instruct on an A100 fits', () => {
    expect(estimateFit(falcon, gpu('Standard_NC24ads_A100_v4')).failure).toBeUndefined();
  });

  test('a size missing from the release table is "Unsupported SKU"', () => {
    const unlisted = estimateFit(falcon, gpu('Standard_NC12s_v3'));
    expect([unlisted.failure, unlisted.gpusNeeded, unlisted.requiredGiBPerGpu]).toEqual([
      'NOT_IN_RELEASE',
      0,
      unlisted.requiredGiBOnOneGpu,
    ]);
    expect(estimateFit(preset('0.12.0', 'phi-4-mini-instruct'), gpu('Standard_NC4as_T4_v3')).failure).toBe('NOT_IN_RELEASE');
  });

  test('a splittable model spreads over the GPUs of one node', () => {
    // falcon-40b: 77.9 GiB of weights over 2 x A10 is too much for one node and it cannot span nodes
    const tooBig = estimateFit(preset('0.10.0', 'falcon-40b'), gpu('Standard_NV72ads_A10_v5'));
    expect([tooBig.failure, tooBig.gpusNeeded, tooBig.nodesNeeded]).toEqual(['NOT_MULTI_NODE', 5, 0]);
    const fit = estimateFit(preset('0.10.0', 'falcon-40b'), gpu('Standard_NC96ads_A100_v4'));
    expect(fit.failure).toBeUndefined();
    expect(fit.gpusNeeded).toBe(2);
    expect(fit.nodesNeeded).toBe(1);
  });

  test('a multi-node model may take several nodes', () => {
    // 131.42 GiB x 1.02 over (67.2 - 2.3 - 0.63) GiB per A100 80GB: floor(2.09) + 1 = 3 single-GPU nodes
    const fit = estimateFit(preset('0.10.0', 'llama-3.3-70b-instruct'), gpu('Standard_NC24ads_A100_v4'));
    expect(fit.failure).toBeUndefined();
    expect(fit.gpusNeeded).toBe(3);
    expect(fit.nodesNeeded).toBe(3);
    // each GPU holds a third of the weights: 131.42 x 1.02 / 3 + 2.3 + 0.63 = 47.61 GiB
    expect(fit.requiredGiBPerGpu).toBeCloseTo(47.61, 2);
    expect(fit.requiredGiBOnOneGpu).toBeCloseTo(136.97, 2);
  });

  test('overhead alone can exceed a small GPU', () => {
    // 2.3 GiB base + 2048 tokens x 3 MiB of KV cache = 8.3 GiB, more than the 6.72 GiB an 8 GiB M60 offers
    const kvHeavy: Preset = { ...preset('0.10.0', 'phi-4'), kvCacheBytesPerToken: 3 * 1024 * 1024 };
    const fit = estimateFit(kvHeavy, gpu('Standard_NV12s_v3'));
    expect(fit.failure).toBe('OVERHEAD_EXCEEDS_GPU');
    expect(fit.gpusNeeded).toBe(0);
  });

  test('0.12.0 adds 5% of the weights to the overhead', () => {
    const sku = gpu('Standard_NV36ads_A10_v5');
    const old = estimateFit(preset('0.10.0', 'phi-4-mini-instruct'), sku);
    const current = estimateFit(preset('0.12.0', 'phi-4-mini-instruct'), sku);
    expect(current.requiredGiBOnOneGpu - old.requiredGiBOnOneGpu).toBeCloseTo(7.15 * 1.02 * 0.05, 1);
  });
});

describe('cheapestFit', () => {
  test('falcon-7b-instruct on 0.10.0: the A10 size, not the cheaper T4 that cannot hold it', () => {
    expect(cheapestFit(preset('0.10.0', 'falcon-7b-instruct'))?.sku.name).toBe('Standard_NV36ads_A10_v5');
  });

  test('a small model on 0.10.0 gets the 4-vCPU T4 size', () => {
    expect(cheapestFit(preset('0.10.0', 'phi-3-mini-4k-instruct'))?.sku.name).toBe('Standard_NC4as_T4_v3');
  });

  test('a model that needs several nodes gets the lowest price in total, not per VM', () => {
    // eastus list prices (data/azure-gpu-prices.json): 2 x T4 at $0.526 cost less than 1 x A10 at $3.20
    const llama8b = cheapestFit(preset('0.10.0', 'llama-3.1-8b-instruct'));
    expect([llama8b?.nodesNeeded, llama8b?.sku.name]).toEqual([2, 'Standard_NC4as_T4_v3']);
    // 3 x A100 at $3.673 cost less than 2 x H100 at $6.98
    const llama70b = cheapestFit(preset('0.12.0', 'llama-3.3-70b-instruct'));
    expect([llama70b?.nodesNeeded, llama70b?.sku.name]).toEqual([3, 'Standard_NC24ads_A100_v4']);
  });

  test('never a size our policy refuses: retired, or a non-NVIDIA GPU', () => {
    for (const p of PRESETS) {
      const fit = cheapestFit(p);
      if (fit) {
        expect(fit.sku.retiredOn).toBeUndefined();
        expect(fit.sku.cudaComputeCapability).toBeDefined();
        expect(fit.failure).toBeUndefined();
      }
    }
  });

  test('undefined when nothing the release lists can hold the model', () => {
    // 5,000 GiB of weights that cannot span nodes: more than any single VM holds
    const huge: Preset = { ...preset('0.10.0', 'falcon-40b'), modelSizeGiB: 5000, multiNode: false };
    expect(cheapestFit(huge)).toBeUndefined();
  });
});

describe('the Azure facts of each GPU size', () => {
  test('the vCPU quota family is named as `az vm list-usage` names it', () => {
    for (const s of GPU_SKUS) {
      expect([s.name, s.quotaFamily]).toEqual([s.name, expect.stringMatching(/^[Ss]tandard[A-Za-z0-9_]+Family$/)]);
    }
  });

  test('sizes of one VM series share its quota family', () => {
    // the series: the size name without its vCPU count (Standard_NC24s_v3 -> Standard_NCs_v3)
    const series = (s: GpuSku) => s.name.replace(/\d+/, '');
    for (const s of GPU_SKUS) {
      for (const other of GPU_SKUS.filter((o) => series(o) === series(s))) {
        expect([other.name, other.quotaFamily]).toEqual([other.name, s.quotaFamily]);
      }
    }
  });

  test('a retired size gives the day Azure retired it, as an ISO date', () => {
    const retired = GPU_SKUS.filter((s) => s.retiredOn !== undefined);
    expect(retired.length).toBeGreaterThan(0);
    for (const s of retired) {
      expect([s.name, new Date(`${s.retiredOn}T00:00:00Z`).toISOString().slice(0, 10)]).toEqual([s.name, s.retiredOn]);
    }
  });
});
