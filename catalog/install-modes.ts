/**
 * How Kaito gets into the cluster: the Helm charts of a release train, or the AKS managed add-on
 * (`ai_toolchain_operator_enabled`, azurerm >= 4.48).
 */
import type { ReleaseVersion } from './release-trains';

/** The install modes. */
export const INSTALL_MODES = ['helm', 'aks-addon'] as const;

/** An install mode. */
export type InstallMode = (typeof INSTALL_MODES)[number];

/**
 * The `aks-addon` release train. AKS, not this project, decides which Kaito version the add-on runs
 * and upgrades it on its own schedule, so the version is an assumption.
 *
 * Assumption, checked 2026-11-26: the AI toolchain operator add-on lags upstream Kaito by one or
 * two minor releases (AKS release notes and `az aks show --query aiToolchainOperatorProfile`), so we
 * assume it runs the 0.10 line. Check a running cluster with
 * `kubectl get deploy -n kube-system -l app.kubernetes.io/name=workspace -o jsonpath='{..image}'`
 * and override with `KAITO_VERSION` (presets and the GPU fit are then judged for that version).
 */
export const AKS_ADDON_TRAIN = {
  /** The Kaito version assumed when `KAITO_VERSION` is unset. */
  assumedKaitoVersion: '0.10.0' as ReleaseVersion,
  /** When the assumption was last checked. */
  checkedOn: '2026-11-26',
} as const;
