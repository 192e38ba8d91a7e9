/**
 * The fit rule against Kaito's own node estimator: for every name Kaito accepts (presets and
 * aliases) on every GPU size (Kaito's table plus the ones our catalog knows), at both release trains,
 * the verdict, the nodes and the GPUs equal what `kaito-oracle estimate` printed. The default size
 * chosen from these verdicts and Azure's prices is checked in `prices.test.ts`.
 */
import { estimateFit, findGpuSku, findPreset, Fit, GPU_SKUS, RELEASE_VERSIONS } from '../../catalog';
import { oracleEstimates } from './oracle-data';

/** The failure Kaito's error text stands for. */
function failureOf(error: string | undefined): Fit['failure'] | 'UNKNOWN' {
  if (error === undefined) return undefined;
  if (error.includes('Unsupported SKU')) return 'NOT_IN_RELEASE';
  if (error.includes('cannot be distributed across more than 1 GPU node')) return 'NOT_MULTI_NODE';
  if (/GPU memory \d+ bytes is too small for model/.test(error)) return 'NOT_SPLITTABLE';
  return 'UNKNOWN';
}

describe.each(RELEASE_VERSIONS)("Kaito %s's node estimator", (release) => {
  const rows = oracleEstimates(release);

  test('every (name, size) pair: same verdict, nodes and GPUs', () => {
    const disagreements = rows.flatMap((row) => {
      const preset = findPreset(release, row.model);
      const sku = findGpuSku(row.sku);
      if (!preset || !sku) return [`${row.model} on ${row.sku}: not in the catalog`];
      const fit = estimateFit(preset, sku);
      const ours = { failure: fit.failure, nodes: fit.nodesNeeded, gpus: fit.gpusNeeded };
      const kaito = { failure: failureOf(row.error), nodes: row.nodes, gpus: row.gpus };
      return JSON.stringify(ours) === JSON.stringify(kaito)
        ? []
        : [`${row.model} on ${row.sku}: ours ${JSON.stringify(ours)}, Kaito ${JSON.stringify(kaito)}`];
    });
    expect(disagreements).toEqual([]);
    // every name of the release on every size of the catalog was judged
    expect(new Set(rows.map((r) => r.sku)).size).toBe(GPU_SKUS.length);
    expect(rows.length).toBe(new Set(rows.map((r) => r.model)).size * GPU_SKUS.length);
  });
});
