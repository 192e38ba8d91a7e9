/** Preset look-ups across release trains, with the facts a good error message needs. */
import { PRESETS, Preset } from './presets';
import { RELEASE_VERSIONS, ReleaseVersion } from './release-trains';

/**
 * Presets upstream deleted, with the release that removed them (kaito-project/kaito PR #1977,
 * v0.11.0, deleted `presets/workspace/models/falcon`; see `presets.csv`).
 */
const REMOVED_IN: Readonly<Record<string, string>> = {
  'falcon-7b': '0.11.0',
  'falcon-7b-instruct': '0.11.0',
  'falcon-40b': '0.11.0',
  'falcon-40b-instruct': '0.11.0',
};

/** Finds the preset `name` as `release` serves it (names compare case-insensitively). */
export function findPreset(release: ReleaseVersion, name: string): Preset | undefined {
  const wanted = name.toLowerCase();
  return PRESETS.find((p) => p.release === release && p.name.toLowerCase() === wanted);
}

/** The preset names `release` serves, sorted. */
export function presetNames(release: ReleaseVersion): string[] {
  return PRESETS.filter((p) => p.release === release)
    .map((p) => p.name)
    .sort((a, b) => a.localeCompare(b));
}

/** Where a preset that `release` lacks can still be found. */
export interface PresetAvailability {
  /** Supported releases that serve it, oldest first (empty when none does). */
  readonly servedBy: readonly ReleaseVersion[];
  /** The Kaito release that removed it, when upstream removed it. */
  readonly removedIn?: string;
}

/** Tells which supported releases serve `name`, and which release removed it, if any. */
export function presetAvailability(name: string): PresetAvailability {
  const wanted = name.toLowerCase();
  const servedBy = RELEASE_VERSIONS.filter((v) => PRESETS.some((p) => p.release === v && p.name.toLowerCase() === wanted));
  return { servedBy, removedIn: REMOVED_IN[wanted] };
}
