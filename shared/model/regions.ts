/**
 * Huawei Cloud regions that have dedicated ELB, the two local-sandbox regions, and what each region
 * is known to support for TCP listeners.
 *
 * Region IDs follow the ELB region table of the official SDKs (elb-v3-api.md §1). The seed says port ranges,
 * IPv4/IPv6 translation, ProxyProtocol and connection limits are "available in certain regions; see the console",
 * and no public list says which: so real regions are reported as supporting everything, unverified, and the API decides.
 */

/** One selectable region. */
export interface RegionInfo {
  /** Region ID as used in endpoints and IAM project names, e.g. `ap-southeast-1`. */
  id: string;
  /** English display name as the console shows it. */
  name: string;
  /** True for the local ELB sandbox regions (no cloud account needed). */
  sandbox: boolean;
}

/** The local sandbox region with every option. */
export const SANDBOX_REGION_FULL = 'sandbox-1';
/** The local sandbox region without port ranges or IPv4/IPv6 translation. */
export const SANDBOX_REGION_LIMITED = 'sandbox-2';

/** Known regions: Huawei Cloud regions with dedicated ELB first, then the local sandbox regions. */
export const REGIONS: readonly RegionInfo[] = [
  { id: 'ap-southeast-1', name: 'CN-Hong Kong', sandbox: false },
  { id: 'ap-southeast-2', name: 'AP-Bangkok', sandbox: false },
  { id: 'ap-southeast-3', name: 'AP-Singapore', sandbox: false },
  { id: 'ap-southeast-4', name: 'AP-Jakarta', sandbox: false },
  { id: 'cn-north-4', name: 'CN North-Beijing4', sandbox: false },
  { id: 'cn-north-1', name: 'CN North-Beijing1', sandbox: false },
  { id: 'cn-north-2', name: 'CN North-Beijing2', sandbox: false },
  { id: 'cn-north-9', name: 'CN North-Ulanqab1', sandbox: false },
  { id: 'cn-east-3', name: 'CN East-Shanghai1', sandbox: false },
  { id: 'cn-east-2', name: 'CN East-Shanghai2', sandbox: false },
  { id: 'cn-south-1', name: 'CN South-Guangzhou', sandbox: false },
  { id: 'cn-south-2', name: 'CN South-Shenzhen', sandbox: false },
  { id: 'cn-southwest-2', name: 'CN Southwest-Guiyang1', sandbox: false },
  { id: 'af-south-1', name: 'AF-Johannesburg', sandbox: false },
  { id: 'la-south-2', name: 'LA-Santiago', sandbox: false },
  { id: 'la-north-2', name: 'LA-Mexico City2', sandbox: false },
  { id: 'na-mexico-1', name: 'LA-Mexico City1', sandbox: false },
  { id: 'sa-brazil-1', name: 'LA-Sao Paulo1', sandbox: false },
  { id: 'tr-west-1', name: 'TR-Istanbul', sandbox: false },
  { id: 'me-east-1', name: 'ME-Riyadh', sandbox: false },
  { id: 'ae-ad-1', name: 'ME-Abu Dhabi', sandbox: false },
  { id: 'eu-west-101', name: 'EU-Dublin', sandbox: false },
  { id: 'eu-west-0', name: 'EU-Paris', sandbox: false },
  { id: SANDBOX_REGION_FULL, name: 'Local sandbox — region 1', sandbox: true },
  { id: SANDBOX_REGION_LIMITED, name: 'Local sandbox — region 2', sandbox: true },
];

const REGION_BY_ID: ReadonlyMap<string, RegionInfo> = new Map(REGIONS.map((r) => [r.id, r]));

/** The region entry for an ID, or undefined when the ID is not in {@link REGIONS}. */
export function findRegion(id: string): RegionInfo | undefined {
  return REGION_BY_ID.get(id);
}

/** The display name of a region; an unknown ID is returned as is. */
export function regionName(id: string): string {
  return REGION_BY_ID.get(id)?.name ?? id;
}

/** True for `sandbox-1` / `sandbox-2`. */
export function isSandboxRegion(id: string): boolean {
  return REGION_BY_ID.get(id)?.sandbox === true;
}

/** What a region supports for TCP listeners. */
export interface RegionCapabilities {
  region: string;
  /** Listening on port ranges. */
  portRanges: boolean;
  /** IPv4/IPv6 Translation (nat64_enable). */
  nat64: boolean;
  /** ProxyProtocol (proxy_protocol_enable). */
  proxyProtocol: boolean;
  /** Maximum New / Concurrent Connections per AZ (cps / connection). */
  connectionLimits: boolean;
  /**
   * True when the flags are known to be right (the sandbox). False for real regions: the docs only say
   * "available in certain regions", so the UI says "not verified for this region; the API decides".
   */
  verified: boolean;
}

/**
 * Capabilities of a region. Real (and unknown) regions: everything allowed, `verified: false`.
 * `sandbox-1`: everything, verified. `sandbox-2`: no port ranges and no IPv4/IPv6 translation, verified.
 */
export function capabilitiesFor(region: string): RegionCapabilities {
  if (region === SANDBOX_REGION_FULL) {
    return { region, portRanges: true, nat64: true, proxyProtocol: true, connectionLimits: true, verified: true };
  }
  if (region === SANDBOX_REGION_LIMITED) {
    return { region, portRanges: false, nat64: false, proxyProtocol: true, connectionLimits: true, verified: true };
  }
  return { region, portRanges: true, nat64: true, proxyProtocol: true, connectionLimits: true, verified: false };
}

/**
 * The public ELB endpoint of a region: `https://elb.{region}.myhuaweicloud.com`.
 * Sandbox accounts always carry an endpoint override (their local URL), so this is never used for them.
 */
export function elbEndpoint(region: string): string {
  return `https://elb.${region}.myhuaweicloud.com`;
}
