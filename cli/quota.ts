/**
 * The preflight verdict: is the GPU size offered in the region, and does the subscription's regional
 * vCPU quota hold the nodes the Workspace needs? Pure functions over Azure Resource Manager's answers
 * (`Microsoft.Compute/locations/{location}/usages` and `Microsoft.Compute/skus`), in their wire form.
 */

/** One usage line of `usage.list(location)`: a quota family or the regional total. */
export interface UsageRecord {
  readonly name?: { readonly value?: string; readonly localizedValue?: string };
  readonly currentValue: number;
  readonly limit: number;
  readonly unit?: string;
}

/** The fields of a resource SKU (`resourceSkus.list`) the verdict reads. */
export interface SkuRecord {
  readonly resourceType?: string;
  readonly name?: string;
  readonly family?: string;
  readonly locations?: readonly string[];
  readonly locationInfo?: readonly { readonly location?: string; readonly zones?: readonly string[] }[];
  readonly capabilities?: readonly { readonly name?: string; readonly value?: string }[];
  readonly restrictions?: readonly {
    readonly type?: string;
    readonly values?: readonly string[];
    readonly reasonCode?: string;
    readonly restrictionInfo?: { readonly locations?: readonly string[]; readonly zones?: readonly string[] };
  }[];
}

/** Whether a size can be created in a region. */
export interface Offer {
  /** True when the size is listed for the region without a location-wide restriction. */
  readonly offered: boolean;
  /** Why not, when not. */
  readonly reason?: string;
  /** Zones where it is offered. */
  readonly zones: readonly string[];
  /** Zones restricted for this subscription. */
  readonly restrictedZones: readonly string[];
  /** The quota family ARM reports for the size. */
  readonly family?: string;
  /** The vCPUs of one VM of the size, from ARM's `vCPUs` capability. */
  readonly vCpus?: number;
}

/** One quota line checked against the need. */
export interface QuotaCheck {
  /** Quota name, e.g. `standardNVADSA10v5Family` or `cores`. */
  readonly name: string;
  /** Display name, e.g. `Standard NVADSA10v5 Family vCPUs`. */
  readonly label: string;
  /** The limit. */
  readonly limit: number;
  /** vCPUs in use. */
  readonly used: number;
  /** vCPUs needed. */
  readonly needed: number;
  /** Whether `limit - used >= needed`. */
  readonly enough: boolean;
  /** The lowest limit that holds the need: `used + needed`. */
  readonly limitToRequest: number;
  /** Whether the family was missing from the usage list (treated as a limit of 0). */
  readonly unlisted: boolean;
}

/** The preflight verdict. */
export interface PreflightVerdict {
  /** True when the sizes are offered and every quota line holds the need. */
  readonly ok: boolean;
  /** The offer of the size in the region. */
  readonly offer: Offer;
  /** The GPU family quota, the system pool's family quota (first provision, another family), then the regional total. */
  readonly quotas: readonly QuotaCheck[];
  /** The system pool, when the cluster does not exist yet and its nodes count too. */
  readonly system?: { readonly size: string; readonly nodes: number; readonly vCpus: number; readonly offer: Offer };
}

/** The name ARM gives the regional vCPU total in the usage list. */
export const REGIONAL_TOTAL = 'cores';

/** Where a subscription's quota increases are requested. */
export const QUOTA_PORTAL = 'https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/myQuotas';

/** Checks whether `size` is offered in `location`. */
export function checkOffer(skus: readonly SkuRecord[], size: string, location: string): Offer {
  const loc = location.toLowerCase();
  const sku = skus.find(
    (s) =>
      s.resourceType === 'virtualMachines' &&
      s.name?.toLowerCase() === size.toLowerCase() &&
      (s.locations ?? []).some((l) => l.toLowerCase() === loc),
  );
  if (!sku) return { offered: false, reason: `${size} is not offered in ${location}`, zones: [], restrictedZones: [] };
  const cpus = Number(sku.capabilities?.find((c) => c.name === 'vCPUs')?.value);
  const vCpus = Number.isFinite(cpus) && cpus > 0 ? cpus : undefined;
  const zones = [...(sku.locationInfo?.find((i) => i.location?.toLowerCase() === loc)?.zones ?? [])].sort();
  const restrictions = sku.restrictions ?? [];
  const whole = restrictions.find((r) => r.type === 'Location' && (r.values ?? []).some((v) => v.toLowerCase() === loc));
  const restrictedZones = [...new Set(restrictions.filter((r) => r.type === 'Zone').flatMap((r) => r.restrictionInfo?.zones ?? []))].sort();
  if (whole) {
    const why =
      whole.reasonCode === 'NotAvailableForSubscription'
        ? 'is not available to this subscription'
        : `is restricted (${whole.reasonCode ?? 'no reason given'})`;
    return { offered: false, reason: `${size} ${why} in ${location}`, zones, restrictedZones, family: sku.family, vCpus };
  }
  return { offered: true, zones, restrictedZones, family: sku.family, vCpus };
}

/** Checks one quota line: the family's, or the regional total's. */
export function checkQuota(usages: readonly UsageRecord[], name: string, needed: number, label = name): QuotaCheck {
  const usage = usages.find((u) => u.name?.value?.toLowerCase() === name.toLowerCase());
  const limit = usage?.limit ?? 0;
  const used = usage?.currentValue ?? 0;
  return {
    name: usage?.name?.value ?? name,
    label: usage?.name?.localizedValue ?? label,
    limit,
    used,
    needed,
    enough: limit - used >= needed,
    limitToRequest: used + needed,
    unlisted: usage === undefined,
  };
}

/** What the Workspace needs, for {@link preflightVerdict}. */
export interface QuotaNeed {
  /** The GPU size. */
  readonly size: string;
  /** Its quota family, from the catalog (ARM's SKU list wins when it says otherwise). */
  readonly family: string;
  /** vCPUs of all the GPU nodes. */
  readonly vCpus: number;
}

/** The system pool a first provision makes: its size and node count. */
export interface SystemPoolNeed {
  /** VM size. */
  readonly size: string;
  /** Nodes. */
  readonly nodes: number;
}

/**
 * The verdict for `need` in `location`. With `system` (a first provision: the cluster does not exist
 * yet), the system pool's nodes count too: on their family's quota and on the regional total, and
 * their size must be offered like the GPU size.
 */
export function preflightVerdict(
  need: QuotaNeed,
  location: string,
  usages: readonly UsageRecord[],
  skus: readonly SkuRecord[],
  system?: SystemPoolNeed,
): PreflightVerdict {
  const offer = checkOffer(skus, need.size, location);
  const gpuFamily = offer.family ?? need.family;
  const sys = system
    ? (() => {
        const sysOffer = checkOffer(skus, system.size, location);
        return { size: system.size, nodes: system.nodes, vCpus: system.nodes * (sysOffer.vCpus ?? 0), offer: sysOffer };
      })()
    : undefined;
  const sysFamily = sys?.offer.family;
  const sameFamily = sysFamily !== undefined && sysFamily.toLowerCase() === gpuFamily.toLowerCase();
  const quotas = [
    checkQuota(usages, gpuFamily, need.vCpus + (sys && sameFamily ? sys.vCpus : 0)),
    ...(sys && sysFamily && !sameFamily ? [checkQuota(usages, sysFamily, sys.vCpus)] : []),
    checkQuota(usages, REGIONAL_TOTAL, need.vCpus + (sys?.vCpus ?? 0), 'Total Regional vCPUs'),
  ];
  return {
    ok: offer.offered && (sys?.offer.offered ?? true) && quotas.every((q) => q.enough),
    offer,
    quotas,
    system: sys,
  };
}

/**
 * The Cognitive Services usage line of an Azure OpenAI model deployed as `sku`: `OpenAI.<SKU>.<model>`,
 * counted in thousands of tokens per minute, the unit of a deployment's capacity (Azure OpenAI quota
 * documentation, "Tokens-Per-Minute"; the `InsufficientQuota` error of azurerm#29175 counts the same).
 */
export function openAiUsageName(sku: string, model: string): string {
  return `OpenAI.${sku}.${model}`;
}

/**
 * Checks the tokens-per-minute quota an Azure OpenAI deployment of `capacity` needs.
 * @returns undefined when the region lists no usage line for the model and SKU (nothing to compare).
 */
export function checkOpenAiQuota(usages: readonly UsageRecord[], sku: string, model: string, capacity: number): QuotaCheck | undefined {
  const name = openAiUsageName(sku, model);
  const check = checkQuota(usages, name, capacity);
  return check.unlisted ? undefined : check;
}
