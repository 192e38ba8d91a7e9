/**
 * `AKS_KUBERNETES_VERSION` judged against AKS's release calendar on the day synth runs: refused from
 * the day its community support ends (AKS then creates no new cluster on it), warned in the 60 days
 * before. No cdktf.
 */
import {
  findKubernetesVersion,
  inDays,
  judgeDate,
  KUBERNETES_VERSIONS,
  KUBERNETES_VERSIONS_FILE,
  KUBERNETES_VERSIONS_RETRIEVED,
  supportedKubernetesVersions,
} from '../catalog';
import type { KubernetesVersion } from '../catalog';

/** The cluster's Kubernetes version, with the support window that holds it. */
export interface KubernetesConfig {
  /** The minor version the cluster is created on, `1.36`; AKS picks its newest patch. */
  readonly version: string;
  /** The first day without community support. */
  readonly communitySupportEndsOn: string;
  /** The first day without Long Term Support (Premium tier only), when the version has LTS. */
  readonly ltsEndsOn?: string;
}

type Report = (message: string) => void;

/**
 * Checks `version` against the calendar on `today` (ISO day); a problem goes to `refuse`, a notice
 * to `warn`. @returns the version with its dates, or undefined when refused.
 */
export function checkKubernetesVersion(version: string, today: string, refuse: Report, warn: Report): KubernetesConfig | undefined {
  const supported = supportedKubernetesVersions(today);
  const choose = supported.length > 0 ? `one AKS supports today: ${list(supported)}` : `a version the calendar lists; refresh it`;
  const found = findKubernetesVersion(version);
  if (!found) {
    refuse(
      `not a Kubernetes version in AKS's release calendar (${KUBERNETES_VERSIONS_FILE}, read ${KUBERNETES_VERSIONS_RETRIEVED}, lists ${KUBERNETES_VERSIONS.map((v) => v.version).join(', ')}); choose ${choose}`,
    );
    return undefined;
  }
  const verdict = judgeDate(found.communitySupportEndsOn, today);
  const lts = found.ltsEndsOn
    ? ` (its Long Term Support runs until ${found.ltsEndsOn}, but only on the Premium tier with the AKSLongTermSupport plan, which kaito-aks does not set)`
    : '';
  if (verdict.state === 'ended') {
    refuse(
      `AKS ended community support for Kubernetes ${found.version} on ${found.communitySupportEndsOn}, so it creates no new cluster on it${lts}; set ${choose} (${KUBERNETES_VERSIONS_FILE}, read ${KUBERNETES_VERSIONS_RETRIEVED})`,
    );
    return undefined;
  }
  if (verdict.state === 'ending') {
    const later = supported.filter((v) => v.communitySupportEndsOn > found.communitySupportEndsOn);
    warn(
      `AKS ends community support for Kubernetes ${found.version} on ${found.communitySupportEndsOn}, ${inDays(verdict.daysLeft)}: from then on it creates no new cluster on it and an existing one must be upgraded${
        later.length > 0 ? `; choose a later version: ${list(later)}` : ''
      }`,
    );
  }
  return { version: found.version, communitySupportEndsOn: found.communitySupportEndsOn, ltsEndsOn: found.ltsEndsOn };
}

/** `1.35 (until 2027-03-31), 1.36 (until 2027-06-30)` */
function list(versions: readonly KubernetesVersion[]): string {
  return versions.map((v) => `${v.version} (until ${v.communitySupportEndsOn})`).join(', ');
}
