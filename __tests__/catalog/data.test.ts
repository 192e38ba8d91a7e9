/**
 * The catalog's preset and GPU size facts are Kaito's own: equal, fact by fact, to what Kaito's code
 * at the release tags printed (kaito-oracle `presets` and `skus`, in ../shared/reference/kaito/kaito-oracle),
 * and the JSON synth loads is what the generator makes of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findGpuSku, GPU_SKUS, PRESET_DATA, PRESETS, RELEASE_VERSIONS, resolvePreset } from '../../catalog';
import { buildPresetData, DATA_DIR, presetDataText } from '../../scripts/refresh-catalog';
import { oraclePresets, oracleSkus } from './oracle-data';

test('catalog/data/presets.json is what scripts/refresh-catalog.ts makes of the reference data (run npm run refresh:catalog)', () => {
  expect(readFileSync(join(DATA_DIR, 'presets.json'), 'utf8')).toBe(presetDataText(buildPresetData()));
  expect(PRESET_DATA.kaitoOracleDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});

describe.each(RELEASE_VERSIONS)('Kaito %s', (release) => {
  test('every name Kaito accepts resolves, with every fact equal to presets-<release>.jsonl', () => {
    const rows = oraclePresets(release);
    const differences = rows.flatMap((row) => {
      const preset = resolvePreset(release, row.name)?.preset;
      if (!preset) return [`${row.name}: not accepted`];
      const ours = {
        modelFileSize: `${preset.modelSizeGiB}Gi`,
        bytesPerToken: preset.kvCacheBytesPerToken,
        modelTokenLimit: preset.tokenLimit,
        disableTensorParallelism: !preset.splitAcrossGpus,
        supportDistributedInference: preset.multiNode,
        downloadAtRuntime: preset.downloadAtRuntime,
        downloadAuthRequired: preset.downloadAuthRequired,
      };
      const kaito = {
        // "641.30Gi" and "641.3Gi" are the same size
        modelFileSize: `${Number(row.modelFileSize.replace(/Gi$/, ''))}Gi`,
        bytesPerToken: row.bytesPerToken,
        modelTokenLimit: row.modelTokenLimit,
        disableTensorParallelism: row.disableTensorParallelism,
        supportDistributedInference: row.supportDistributedInference,
        downloadAtRuntime: row.downloadAtRuntime,
        downloadAuthRequired: row.downloadAuthRequired,
      };
      return JSON.stringify(ours) === JSON.stringify(kaito)
        ? []
        : [`${row.name}: ours ${JSON.stringify(ours)}, Kaito ${JSON.stringify(kaito)}`];
    });
    expect(differences).toEqual([]);
    // the presets are Kaito's names minus its aliases, nothing more
    const aliases = rows.filter((r) => r.source.every((s) => s === 'builtin-hf-alias')).map((r) => r.name);
    expect(PRESETS.filter((p) => p.release === release).map((p) => p.name)).toEqual(
      rows.map((r) => r.name).filter((n) => !aliases.includes(n)),
    );
    expect(Object.keys(PRESET_DATA.releases[release].aliases).sort()).toEqual(aliases.sort());
  });

  test('every GPU size of its table, with its GPUs, memory, model and CUDA capability', () => {
    const rows = oracleSkus(release);
    expect(
      GPU_SKUS.filter((s) => s.kaitoReleases.includes(release))
        .map((s) => s.name)
        .sort(),
    ).toEqual(rows.map((r) => r.name).sort());
    for (const row of rows) {
      const sku = findGpuSku(row.name)!;
      expect([sku.name, sku.gpuCount, `${sku.gpuMemoryGiB}Gi`, sku.gpuModel, sku.cudaComputeCapability ?? 0]).toEqual([
        row.name,
        row.gpuCount,
        row.gpuMem,
        row.gpuModel,
        row.cuda,
      ]);
    }
  });
});
