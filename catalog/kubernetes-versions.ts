/**
 * AKS Kubernetes minor versions and their support windows, from AKS's release calendar
 * (`catalog/data/aks-kubernetes-versions.json`, which names its source, date and refresh). No cdktf.
 */
import data from './data/aks-kubernetes-versions.json';
import { judgeDate } from './dated';

/** One AKS Kubernetes minor version. */
export interface KubernetesVersion {
  /** Minor version, `1.36`. */
  readonly version: string;
  /** The calendar's "AKS GA" month as written, e.g. `Jun 2026`. */
  readonly aksGa: string;
  /** The first day without community support: AKS creates no new cluster on the version from then on. */
  readonly communitySupportEndsOn: string;
  /** The first day without Long Term Support (Premium tier with the AKSLongTermSupport plan), when it has LTS. */
  readonly ltsEndsOn?: string;
}

/** Every minor version of the calendar, oldest first. */
export const KUBERNETES_VERSIONS: readonly KubernetesVersion[] = data.versions;

/** Where the calendar is, for messages. */
export const KUBERNETES_VERSIONS_FILE = 'catalog/data/aks-kubernetes-versions.json';

/** When the calendar was read. */
export const KUBERNETES_VERSIONS_RETRIEVED: string = data.retrieved;

/** Finds a minor version of the calendar. */
export function findKubernetesVersion(version: string): KubernetesVersion | undefined {
  return KUBERNETES_VERSIONS.find((v) => v.version === version);
}

/** The minor versions on which AKS creates a cluster on `today` (ISO day): community support not ended. */
export function supportedKubernetesVersions(today: string): readonly KubernetesVersion[] {
  return KUBERNETES_VERSIONS.filter((v) => judgeDate(v.communitySupportEndsOn, today).state !== 'ended');
}
