/**
 * How Kaito gets into the cluster: the Helm charts of a release train, or the AKS managed add-on
 * (`ai_toolchain_operator_enabled`, azurerm >= 4.48).
 */
import addon from './data/aks-addon.json';
import type { KaitoVersion } from './release-trains';

/** The install modes. */
export const INSTALL_MODES = ['helm', 'aks-addon'] as const;

/** An install mode. */
export type InstallMode = (typeof INSTALL_MODES)[number];

/**
 * The `aks-addon` release train. AKS, not this project, decides which Kaito version the add-on runs
 * and upgrades it on its own schedule, so the version is an assumption, taken from the AKS docs
 * (`data/aks-addon.json`: MicrosoftDocs/azure-aks-docs `articles/aks/ai-toolchain-operator.md`, with
 * its commit and date). `KAITO_VERSION` overrides it, for a cluster whose add-on was seen running
 * another version (README.md, Install modes, shows how to look).
 */
export const AKS_ADDON_TRAIN = {
  /** The Kaito version assumed when `KAITO_VERSION` is unset. */
  assumedKaitoVersion: addon.kaitoVersion as KaitoVersion,
  /** Where the assumption comes from: repository, path and commit of the AKS article. */
  source: `${addon.source.repository} ${addon.source.path} (commit ${addon.source.commit.slice(0, 8)}, article of ${addon.source.articleDate})`,
  /** When the assumption was last checked. */
  checkedOn: addon.checkedOn,
} as const;
