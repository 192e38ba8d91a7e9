/**
 * `kaito-aks models`: the presets each Kaito release serves, from the catalog synth uses (Kaito's own
 * data, `catalog/data/presets.json`), with the size synth picks by default in a region, what its nodes
 * cost an hour there (`catalog/data/azure-gpu-prices.json`), and the names Kaito also takes for them.
 * Reads nothing but the catalog: no cluster, no Azure.
 */
import { chooseSize, formatMoney, GPU_PRICES, PRESETS, presetAliases, PRICE_FALLBACK_REGION, ReleaseVersion, SizeChoice } from '../catalog';

/** What the default nodes cost an hour, with the region when it is the fallback's. */
function priceCell(choice: SizeChoice | undefined): string {
  if (!choice) return '';
  if (!choice.price) return 'unknown (smallest size)';
  const hourly = formatMoney(choice.fit.nodesNeeded * choice.price.hourly);
  return choice.price.fallback ? `${hourly} (${choice.price.region})` : hourly;
}

/** The table of presets for `releases` in `region`, one block per release, names sorted. */
export function formatModels(releases: readonly ReleaseVersion[], region: string = PRICE_FALLBACK_REGION): string {
  const blocks = releases.map((release) => {
    const presets = PRESETS.filter((p) => p.release === release).sort((a, b) => a.name.localeCompare(b.name));
    const rows = presets.map((preset) => {
      const choice = chooseSize(preset, region);
      const fit = choice?.fit;
      const notes = [
        preset.podSecurityLevel === 'privileged'
          ? `refused: its pod mounts ${preset.hostPaths.join(', ')} (hostPath), which Pod Security baseline forbids`
          : '',
        preset.servedModelName === preset.name ? '' : `served as ${preset.servedModelName}`,
        preset.downloadAuthRequired ? 'needs KAITO_MODEL_ACCESS_SECRET' : '',
        preset.downloadAtRuntime ? '' : 'weights in the image (no KAITO_MODEL_ACCESS_SECRET)',
        ...presetAliases(preset).map((alias) => `also ${alias}`),
      ].filter((n) => n !== '');
      return [
        preset.name,
        `${preset.modelSizeGiB} GiB`,
        fit ? `${fit.nodesNeeded} x ${fit.sku.name}` : 'no size fits',
        priceCell(choice),
        notes.join('; '),
      ];
    });
    const header = ['preset (KAITO_MODEL)', 'weights', 'default size', 'an hour', 'notes'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    return [`Kaito ${release} (KAITO_VERSION=${release}): ${presets.length} presets`, '', line(header), ...rows.map(line)].join('\n');
  });
  const prices =
    `Default size: the lowest total pay-as-you-go Linux list price in ${region} among the sizes that fit ` +
    `(${region === PRICE_FALLBACK_REGION ? '' : `${PRICE_FALLBACK_REGION}'s where ${region} has none; `}` +
    `Azure Retail Prices of ${GPU_PRICES.retrieved}, ${GPU_PRICES.currency}); the smallest where no size that fits has a price`;
  return `${[prices, ...blocks].join('\n\n')}\n`;
}
