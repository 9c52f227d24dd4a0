/**
 * The ELB v3 JSON shapes the client sends and receives (elb-v3-api.md §3–9). Response fields are optional/nullable
 * where the API may leave them out; normalize.ts turns them into the app's inventory shapes.
 */

/** `{id}` references in responses. */
export interface ApiRef {
  id: string;
}

/** `{key, value}` resource tag. */
export interface ApiTag {
  key: string;
  value?: string | null;
}

/** `page_info` of list responses. */
export interface ApiPageInfo {
  previous_marker?: string | null;
  next_marker?: string | null;
  current_count?: number | null;
}

export interface ApiPublicIp {
  publicip_id?: string | null;
  publicip_address?: string | null;
  ip_version?: number | null;
}

export interface ApiEip {
  eip_id?: string | null;
  eip_address?: string | null;
  ip_version?: number | null;
}

/** A load balancer (read side, §3). */
export interface ApiLoadBalancer {
  id: string;
  name?: string | null;
  description?: string | null;
  guaranteed?: boolean | null;
  provisioning_status?: string | null;
  operating_status?: string | null;
  availability_zone_list?: string[] | null;
  vip_address?: string | null;
  vip_subnet_cidr_id?: string | null;
  vip_port_id?: string | null;
  ipv6_vip_address?: string | null;
  ipv6_vip_virsubnet_id?: string | null;
  eips?: ApiEip[] | null;
  publicips?: ApiPublicIp[] | null;
  l4_flavor_id?: string | null;
  l7_flavor_id?: string | null;
  vpc_id?: string | null;
  elb_virsubnet_ids?: string[] | null;
  ip_target_enable?: boolean | null;
  listeners?: ApiRef[] | null;
  pools?: ApiRef[] | null;
  created_at?: string | null;
  updated_at?: string | null;
  [extra: string]: unknown;
}

/** A flavor (§9). */
export interface ApiFlavor {
  id: string;
  name?: string | null;
  type?: string | null;
  shared?: boolean | null;
  flavor_sold_out?: boolean | null;
  info?: {
    connection?: number | null;
    cps?: number | null;
    qps?: number | null;
    https_cps?: number | null;
    bandwidth?: number | null;
    lcu?: number | null;
    [extra: string]: unknown;
  } | null;
  [extra: string]: unknown;
}

/** `quota` of GET /quotas: limits by key (−1 = no limit). */
export type ApiQuota = Record<string, unknown>;

/** One entry of GET /quotas/details. */
export interface ApiQuotaDetail {
  quota_key: string;
  quota_limit?: number | null;
  used?: number | null;
  unit?: string | null;
}

/** What getQuotas returns: the limits and, when the details call worked, usage. */
export interface ApiQuotaSet {
  quota: ApiQuota;
  details: ApiQuotaDetail[] | null;
}

export interface ApiPortRange {
  start_port: number;
  end_port: number;
}

export interface ApiListenerIpGroup {
  ipgroup_id?: string | null;
  enable_ipgroup?: boolean | null;
  type?: string | null;
}

/** A listener (§4). */
export interface ApiListener {
  id: string;
  name?: string | null;
  description?: string | null;
  protocol?: string | null;
  protocol_port?: number | null;
  port_ranges?: ApiPortRange[] | null;
  loadbalancers?: ApiRef[] | null;
  default_pool_id?: string | null;
  keepalive_timeout?: number | null;
  client_timeout?: number | null;
  member_timeout?: number | null;
  cps?: number | null;
  connection?: number | null;
  ipgroup?: ApiListenerIpGroup | null;
  transparent_client_ip_enable?: boolean | null;
  proxy_protocol_enable?: boolean | null;
  nat64_enable?: boolean | null;
  tags?: ApiTag[] | null;
  created_at?: string | null;
  updated_at?: string | null;
  [extra: string]: unknown;
}

/** The `listener` object of POST /listeners (TCP subset, §4). */
export interface ApiListenerCreate {
  loadbalancer_id: string;
  protocol: string;
  protocol_port?: number;
  port_ranges?: ApiPortRange[];
  name?: string;
  description?: string;
  default_pool_id?: string;
  keepalive_timeout?: number;
  cps?: number;
  connection?: number;
  ipgroup?: { ipgroup_id: string; enable_ipgroup?: boolean; type?: 'white' | 'black' };
  transparent_client_ip_enable?: boolean;
  proxy_protocol_enable?: boolean;
  nat64_enable?: boolean;
  tags?: Array<{ key: string; value: string }>;
}

/** The `listener` object of PUT /listeners/{id}. */
export type ApiListenerUpdate = Partial<Omit<ApiListenerCreate, 'loadbalancer_id' | 'protocol' | 'protocol_port' | 'port_ranges' | 'default_pool_id' | 'ipgroup'>> & {
  /** null unbinds the default group. */
  default_pool_id?: string | null;
  /** SDK UpdateListenerIpGroupOption: every field optional (`{ enable_ipgroup: false }` switches access control off). */
  ipgroup?: { ipgroup_id?: string; enable_ipgroup?: boolean; type?: 'white' | 'black' };
};

/** A pool (§5). */
export interface ApiPool {
  id: string;
  name?: string | null;
  description?: string | null;
  protocol?: string | null;
  lb_algorithm?: string | null;
  loadbalancers?: ApiRef[] | null;
  listeners?: ApiRef[] | null;
  members?: ApiRef[] | null;
  healthmonitor_id?: string | null;
  session_persistence?: { type?: string | null; persistence_timeout?: number | null; cookie_name?: string | null } | null;
  connection_drain?: { enable?: boolean | null; timeout?: number | null } | null;
  slow_start?: { enable?: boolean | null; duration?: number | null } | null;
  ip_version?: string | null;
  type?: string | null;
  vpc_id?: string | null;
  any_port_enable?: boolean | null;
  member_deletion_protection_enable?: boolean | null;
  [extra: string]: unknown;
}

/** The `pool` object of POST /pools. */
export interface ApiPoolCreate {
  protocol: string;
  lb_algorithm: string;
  loadbalancer_id?: string;
  listener_id?: string;
  type?: string;
  vpc_id?: string;
  name?: string;
  description?: string;
  session_persistence?: { type: string; persistence_timeout?: number; cookie_name?: string } | null;
  connection_drain?: { enable: boolean; timeout?: number };
  ip_version?: string;
  any_port_enable?: boolean;
  member_deletion_protection_enable?: boolean;
}

/** The `pool` object of PUT /pools/{id}. */
export type ApiPoolUpdate = Partial<Omit<ApiPoolCreate, 'protocol' | 'loadbalancer_id' | 'listener_id'>>;

/** A member (§6). */
export interface ApiMember {
  id: string;
  name?: string | null;
  address?: string | null;
  protocol_port?: number | null;
  weight?: number | null;
  subnet_cidr_id?: string | null;
  ip_version?: string | null;
  operating_status?: string | null;
  status?: Array<{ listener_id?: string | null; operating_status?: string | null; reason?: unknown }> | null;
  member_type?: string | null;
  instance_id?: string | null;
  /** Present on GET /members (all pools). */
  pool_id?: string | null;
  [extra: string]: unknown;
}

/** The `member` object of POST /pools/{id}/members (also one item of batch-add). */
export interface ApiMemberCreate {
  address: string;
  protocol_port?: number;
  subnet_cidr_id?: string;
  weight?: number;
  name?: string;
  availability_zone?: string;
}

/** One result of POST …/members/batch-add. */
export interface ApiBatchMemberResult extends Partial<ApiMember> {
  ret_status?: string | null;
}

/** A health monitor (§7). */
export interface ApiHealthMonitor {
  id: string;
  name?: string | null;
  type?: string | null;
  delay?: number | null;
  timeout?: number | null;
  max_retries?: number | null;
  max_retries_down?: number | null;
  monitor_port?: number | null;
  url_path?: string | null;
  expected_codes?: string | null;
  http_method?: string | null;
  domain_name?: string | null;
  admin_state_up?: boolean | null;
  pools?: ApiRef[] | null;
  /** Some responses carry the pool as a plain ID. */
  pool_id?: string | null;
  [extra: string]: unknown;
}

/** The `healthmonitor` object of POST /healthmonitors. */
export interface ApiHealthMonitorCreate {
  pool_id: string;
  type: string;
  /** Required by the API; optional here so partial bodies type-check (the API then answers 400). */
  delay?: number;
  timeout?: number;
  max_retries?: number;
  max_retries_down?: number;
  monitor_port?: number | null;
  url_path?: string;
  expected_codes?: string;
  http_method?: string;
  domain_name?: string | null;
  name?: string;
  admin_state_up?: boolean;
}

/** An IP address group (§8). */
export interface ApiIpGroup {
  id: string;
  name?: string | null;
  description?: string | null;
  ip_list?: Array<{ ip: string; description?: string | null }> | null;
  listeners?: ApiRef[] | null;
  [extra: string]: unknown;
}

/** The `ipgroup` object of POST /ipgroups (PUT takes the same fields, all optional; `ip_list` replaces). */
export interface ApiIpGroupCreate {
  name?: string;
  description?: string;
  ip_list: Array<{ ip: string; description?: string }>;
}

/** An IAM project (GET /v3/projects). */
export interface ApiProject {
  id: string;
  name?: string | null;
  enabled?: boolean | null;
}
