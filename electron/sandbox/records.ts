/**
 * The records of the sandbox's state, in ELB v3 field names (snake_case): what a region holds per resource kind.
 */
import type { Tag } from './validate';

/** A public IP of a load balancer. */
export interface Eip {
  eip_id: string;
  eip_address: string;
  ip_version: 4 | 6;
}

/** A dedicated load balancer (read-only through the API). */
export interface LoadBalancerRec {
  id: string;
  name: string;
  description: string;
  vpc_id: string;
  vip_subnet_cidr_id: string;
  vip_address: string;
  vip_port_id: string;
  ipv6_vip_address: string | null;
  ipv6_vip_virsubnet_id: string | null;
  ipv6_vip_port_id: string | null;
  availability_zone_list: string[];
  /** null or "" means the LB has no network (L4) flavor and cannot take TCP/UDP/TLS listeners. */
  l4_flavor_id: string | null;
  l7_flavor_id: string | null;
  eips: Eip[];
  elb_virsubnet_ids: string[];
  ip_target_enable: boolean;
  guaranteed: boolean;
  operating_status: 'ONLINE' | 'FROZEN';
  deletion_protection_enable: boolean;
  tags: Tag[];
  created_at: string;
  updated_at: string;
}

/** A listener port range. */
export interface PortRange {
  start_port: number;
  end_port: number;
}

/** Access control of a listener. `ipgroup_id` may hold several comma-separated IDs. */
export interface ListenerIpGroup {
  ipgroup_id: string;
  enable_ipgroup: boolean;
  type: 'white' | 'black';
}

/** A listener. */
export interface ListenerRec {
  id: string;
  name: string;
  description: string;
  loadbalancer_id: string;
  protocol: string;
  /** 0 in port-range mode. */
  protocol_port: number;
  port_ranges: PortRange[];
  default_pool_id: string | null;
  keepalive_timeout: number;
  client_timeout: number | null;
  member_timeout: number | null;
  ipgroup: ListenerIpGroup | null;
  transparent_client_ip_enable: boolean;
  proxy_protocol_enable: boolean;
  nat64_enable: boolean;
  enable_member_retry: boolean;
  cps: number;
  connection: number;
  tags: Tag[];
  default_tls_container_ref: string | null;
  http2_enable: boolean;
  protection_status: 'nonProtection' | 'consoleProtection';
  protection_reason: string;
  created_at: string;
  updated_at: string;
}

/** A backend server group. */
export interface PoolRec {
  id: string;
  name: string;
  description: string;
  protocol: string;
  lb_algorithm: string;
  /** The LB the pool belongs to; null for a pool created with `type` only and not yet used. */
  loadbalancer_id: string | null;
  healthmonitor_id: string | null;
  session_persistence: { type: string; persistence_timeout: number; cookie_name: string | null } | null;
  slow_start: { enable: boolean; duration: number } | null;
  connection_drain: { enable: boolean; timeout: number } | null;
  ip_version: 'v4' | 'dualstack';
  type: '' | 'instance' | 'ip';
  vpc_id: string;
  any_port_enable: boolean;
  member_deletion_protection_enable: boolean;
  protection_status: 'nonProtection' | 'consoleProtection';
  protection_reason: string;
  pool_health: { minimum_healthy_member_count: number } | null;
  created_at: string;
  updated_at: string;
}

/** A backend server. */
export interface MemberRec {
  id: string;
  pool_id: string;
  name: string;
  address: string;
  /** null when the pool forwards all ports (any_port_enable). */
  protocol_port: number | null;
  weight: number;
  /** null for an IP-type (cross-VPC) backend. */
  subnet_cidr_id: string | null;
  ip_version: 'v4' | 'v6';
  operating_status: 'ONLINE' | 'OFFLINE' | 'NO_MONITOR' | 'INITIAL' | 'UNKNOWN';
  member_type: 'ip' | 'instance';
  instance_id: string;
  availability_zone: string;
  created_at: string;
  updated_at: string;
}

/** A health check. */
export interface HealthMonitorRec {
  id: string;
  pool_id: string;
  name: string;
  type: string;
  delay: number;
  timeout: number;
  max_retries: number;
  max_retries_down: number;
  monitor_port: number | null;
  /** HTTP(S)/GRPC checks only; null for TCP and UDP_CONNECT. */
  url_path: string | null;
  expected_codes: string | null;
  http_method: string | null;
  /** null = the LB's private IP is used as Host. */
  domain_name: string | null;
  admin_state_up: boolean;
  created_at: string;
  updated_at: string;
}

/** One entry of an IP address group. */
export interface IpListEntry {
  ip: string;
  description: string;
}

/** An IP address group. */
export interface IpGroupRec {
  id: string;
  name: string;
  description: string;
  ip_list: IpListEntry[];
  created_at: string;
  updated_at: string;
}

/** A flavor (static per region). */
export interface FlavorRec {
  id: string;
  name: string;
  type: 'L4' | 'L7' | 'L4_elastic_max' | 'L7_elastic_max';
  shared: boolean;
  flavor_sold_out: boolean;
  public_border_group: string;
  category: number;
  info: {
    connection: number;
    cps: number;
    qps?: number;
    https_cps?: number;
    bandwidth: number;
    lcu: number;
  };
}

/** A VPC subnet (static per region), used to check member `subnet_cidr_id` and addresses. */
export interface SubnetRec {
  /** The console/VPC subnet ID (NOT what members take). */
  id: string;
  name: string;
  vpc_id: string;
  cidr: string;
  gateway_ip: string;
  /** What an IPv4 member's `subnet_cidr_id` must be. */
  neutron_subnet_id: string;
  /** What an IPv6 member's `subnet_cidr_id` must be. */
  neutron_network_id: string;
  ipv6_enable: boolean;
  cidr_v6: string | null;
  availability_zone: string;
}

/** Quota limits by key (−1 = no limit). */
export type QuotaLimits = Record<string, number>;

/** What a region supports. */
export interface RegionFeatures {
  portRanges: boolean;
  nat64: boolean;
}
