/** Preset look-ups across release trains, with the facts a good error message needs. */
import { Preset, PRESET_DATA, PRESETS } from './presets';
import { RELEASE_VERSIONS, ReleaseVersion } from './release-trains';

/**
 * Presets upstream deleted, with the release that removed them (kaito-project/kaito PR #1977,
 * v0.11.0, deleted `presets/workspace/models/falcon`; see `presets-full.csv` in
 * `../shared/reference/kaito/`).
 */
const REMOVED_IN: Readonly<Record<string, string>> = {
  'falcon-7b': '0.11.0',
  'falcon-7b-instruct': '0.11.0',
  'falcon-40b': '0.11.0',
  'falcon-40b-instruct': '0.11.0',
};

/** A model name resolved to the preset a release serves under it. */
export interface PresetMatch {
  /** The preset. */
  readonly preset: Preset;
  /**
   * The name as given, when it is not the preset's own name: one of Kaito's aliases (v0.10.0 takes
   * the lowercase Hugging Face id, e.g. `tiiuae/falcon-7b-instruct`), or the name in other letter case.
   */
  readonly givenAs?: string;
}

/**
 * Finds the preset `name` means at `release`: a preset name or one of Kaito's aliases for it, in
 * any letter case. The Workspace always names the preset itself, which Kaito accepts as it is.
 */
export function resolvePreset(release: ReleaseVersion, name: string): PresetMatch | undefined {
  const wanted = name.toLowerCase();
  const aliases = PRESET_DATA.releases[release].aliases;
  const target = (Object.hasOwn(aliases, wanted) ? aliases[wanted] : name).toLowerCase();
  const preset = PRESETS.find((p) => p.release === release && p.name.toLowerCase() === target);
  if (!preset) return undefined;
  return preset.name === name ? { preset } : { preset, givenAs: name };
}

/** Finds the preset `name` means at `release` (see {@link resolvePreset}). */
export function findPreset(release: ReleaseVersion, name: string): Preset | undefined {
  return resolvePreset(release, name)?.preset;
}

/** The preset names `release` serves, sorted. */
export function presetNames(release: ReleaseVersion): string[] {
  return PRESETS.filter((p) => p.release === release)
    .map((p) => p.name)
    .sort((a, b) => a.localeCompare(b));
}

/** Kaito's other names for `preset` at its release (empty at v0.12.0, which has none). */
export function presetAliases(preset: Preset): string[] {
  return Object.entries(PRESET_DATA.releases[preset.release].aliases)
    .filter(([, name]) => name === preset.name)
    .map(([alias]) => alias);
}

/** Every name `release` takes for a preset: the preset names, then Kaito's aliases (the candidates for a "did you mean"). */
export function presetNamesAndAliases(release: ReleaseVersion): string[] {
  return [...presetNames(release), ...Object.keys(PRESET_DATA.releases[release].aliases)];
}

/** Where a preset that `release` lacks can still be found. */
export interface PresetAvailability {
  /** Supported releases that serve it, oldest first (empty when none does). */
  readonly servedBy: readonly ReleaseVersion[];
  /** The Kaito release that removed it, when upstream removed it. */
  readonly removedIn?: string;
}

/** Tells which supported releases serve `name` (or an alias of it), and which release removed it, if any. */
export function presetAvailability(name: string): PresetAvailability {
  const servedBy = RELEASE_VERSIONS.filter((v) => resolvePreset(v, name) !== undefined);
  // a removed preset is served by the oldest train that has it, under its own name: the key of REMOVED_IN
  const removedIn = servedBy.length > 0 ? REMOVED_IN[findPreset(servedBy[0], name)!.name] : undefined;
  return { servedBy, removedIn };
}
