/**
 * `kaito-aks models`: the presets each Kaito release serves, from the catalog synth uses (Kaito's own
 * data, `catalog/data/presets.json`), with the size synth picks by default and the names Kaito also
 * takes for them. Reads nothing but the catalog: no cluster, no Azure.
 */
import { cheapestFit, PRESETS, presetAliases, ReleaseVersion } from '../catalog';

/** The table of presets for `releases`, one block per release, names sorted. */
export function formatModels(releases: readonly ReleaseVersion[]): string {
  const blocks = releases.map((release) => {
    const presets = PRESETS.filter((p) => p.release === release).sort((a, b) => a.name.localeCompare(b.name));
    const rows = presets.map((preset) => {
      const fit = cheapestFit(preset);
      const notes = [
        preset.podSecurityLevel === 'privileged'
          ? `refused: its pod mounts ${preset.hostPaths.join(', ')} (hostPath), which Pod Security baseline forbids`
          : '',
        preset.servedModelName === preset.name ? '' : `served as ${preset.servedModelName}`,
        preset.downloadAuthRequired ? 'needs KAITO_MODEL_ACCESS_SECRET' : '',
        preset.downloadAtRuntime ? '' : 'weights in the image (no KAITO_MODEL_ACCESS_SECRET)',
        ...presetAliases(preset).map((alias) => `also ${alias}`),
      ].filter((n) => n !== '');
      return [preset.name, `${preset.modelSizeGiB} GiB`, fit ? `${fit.nodesNeeded} x ${fit.sku.name}` : 'no size fits', notes.join('; ')];
    });
    const header = ['preset (KAITO_MODEL)', 'weights', 'default size', 'notes'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) =>
      cells
        .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd();
    return [`Kaito ${release} (KAITO_VERSION=${release}): ${presets.length} presets`, '', line(header), ...rows.map(line)].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}
