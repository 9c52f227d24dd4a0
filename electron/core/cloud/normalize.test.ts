import { describe, expect, it } from 'vitest';
import {
  FlavorSchema,
  HealthMonitorSchema,
  IpGroupSchema,
  ListenerSchema,
  LoadBalancerSchema,
  MemberSchema,
  PoolSchema,
  QuotaSchema,
} from '../../../shared/model/inventory';
import type { ApiFlavor, ApiHealthMonitor, ApiIpGroup, ApiListener, ApiLoadBalancer, ApiMember, ApiPool } from './api-types';
import { lbTypeOf, toFlavor, toHealthMonitor, toIpGroup, toListener, toLoadBalancer, toMember, toPool, toQuota } from './normalize';

// Realistic replies, modelled on the SDK response models and the API pages (elb-v3-api.md §3–9).
const flavors: ApiFlavor[] = [
  {
    id: '7e9b0ad7-2a1d-4a6c-9e15-c2a1e4c8f001',
    name: 'L4_flavor.elb.s1.small',
    type: 'L4',
    shared: false,
    flavor_sold_out: false,
    info: { connection: 500000, cps: 10000, bandwidth: 50000, lcu: 1 },
    public_border_group: 'center',
    category: 0,
  },
  {
    id: '3a0c3cc4-7b5b-4bf6-9b36-8f3c9b0e7002',
    name: 'L7_flavor.elb.s1.small',
    type: 'L7',
    shared: false,
    info: { connection: 200000, cps: 2000, qps: 4000, https_cps: 200, lcu: 1 },
  },
  { id: 'e1a1-elastic', name: 'L4_elastic_max', type: 'L4_elastic_max', info: null },
];
const byId = new Map(flavors.map((f) => [f.id, f]));

const lbApi: ApiLoadBalancer = {
  id: '5c1bd1a6-0b6e-4f0a-9d6c-3a2b1c0d9e8f',
  name: 'elb-prod',
  description: '',
  provisioning_status: 'ACTIVE',
  operating_status: 'ONLINE',
  admin_state_up: true,
  guaranteed: true,
  availability_zone_list: ['ap-southeast-1a', 'ap-southeast-1b'],
  vip_address: '192.168.0.12',
  vip_subnet_cidr_id: 'b5f6-neutron-subnet',
  vip_port_id: 'port-1',
  ipv6_vip_address: null,
  eips: [{ eip_id: 'eip-1', eip_address: '203.0.113.10', ip_version: 4 }],
  publicips: [
    { publicip_id: 'eip-1', publicip_address: '203.0.113.10', ip_version: 4 },
    { publicip_id: 'eip-2', publicip_address: '2001:db8::5', ip_version: 6 },
  ],
  l4_flavor_id: flavors[0]!.id,
  l7_flavor_id: '',
  vpc_id: 'vpc-1',
  elb_virsubnet_ids: ['vs-1'],
  ip_target_enable: false,
  listeners: [{ id: 'lis-1' }, { id: 'lis-2' }],
  pools: [{ id: 'pool-1' }],
  tags: [],
  created_at: '2024-01-15T09:30:00Z',
  updated_at: '2024-01-15T09:35:00Z',
  charge_mode: 'flavor',
  deletion_protection_enable: false,
};

describe('toLoadBalancer', () => {
  it('maps a dedicated L4 load balancer and validates against the schema', () => {
    const lb = LoadBalancerSchema.parse(toLoadBalancer(lbApi, byId));
    expect(lb).toMatchObject({
      id: lbApi.id,
      name: 'elb-prod',
      description: '',
      provisioningStatus: 'ACTIVE',
      operatingStatus: 'ONLINE',
      availabilityZones: ['ap-southeast-1a', 'ap-southeast-1b'],
      vipAddress: '192.168.0.12',
      ipv6VipAddress: null,
      l4FlavorId: flavors[0]!.id,
      l7FlavorId: null,
      type: 'network',
      ipTargetEnable: false,
      vpcId: 'vpc-1',
      listenerIds: ['lis-1', 'lis-2'],
      poolIds: ['pool-1'],
    });
    // eips and publicips overlap: each address once.
    expect(lb.publicIps).toEqual([
      { address: '203.0.113.10', ipVersion: 4 },
      { address: '2001:db8::5', ipVersion: 6 },
    ]);
  });

  it('derives the type from the flavor IDs ("" counts as none)', () => {
    const l4 = flavors[0]!.id;
    const l7 = flavors[1]!.id;
    expect(lbTypeOf({ l4_flavor_id: l4, l7_flavor_id: l7 }, byId)).toBe('both');
    expect(lbTypeOf({ l4_flavor_id: l4, l7_flavor_id: null }, byId)).toBe('network');
    expect(lbTypeOf({ l4_flavor_id: '', l7_flavor_id: l7 }, byId)).toBe('application');
    expect(lbTypeOf({ l4_flavor_id: null, l7_flavor_id: '' }, byId)).toBe('unknown');
    expect(lbTypeOf({}, byId)).toBe('unknown');
    // Unknown flavors: the slot decides.
    expect(lbTypeOf({ l4_flavor_id: 'x', l7_flavor_id: 'y' })).toBe('both');
    // A known flavor's own type wins over its slot.
    expect(lbTypeOf({ l4_flavor_id: null, l7_flavor_id: l4 }, byId)).toBe('network');
    expect(lbTypeOf({ l4_flavor_id: 'e1a1-elastic' }, byId)).toBe('network');
    // A plain record works as the lookup too.
    expect(lbTypeOf({ l7_flavor_id: l4 }, { [l4]: { type: 'L4' } })).toBe('network');
  });

  it('survives a sparse reply', () => {
    const lb = LoadBalancerSchema.parse(toLoadBalancer({ id: 'lb-x' }));
    expect(lb).toMatchObject({ name: '', availabilityZones: [], publicIps: [], listenerIds: [], type: 'unknown', vipAddress: null, ipTargetEnable: false });
  });
});

describe('toListener', () => {
  const api: ApiListener = {
    id: '0b11747a-b139-492f-9692-2df0b1c87193',
    name: 'tcp-80',
    description: 'elb-desk:draft=0f1e2d3c',
    protocol: 'TCP',
    protocol_port: 80,
    port_ranges: [],
    loadbalancers: [{ id: lbApi.id }],
    default_pool_id: 'pool-1',
    connection_limit: -1,
    keepalive_timeout: 300,
    client_timeout: null,
    member_timeout: null,
    cps: 0,
    connection: 5000,
    ipgroup: { ipgroup_id: 'ipg-1', enable_ipgroup: true, type: 'black' },
    transparent_client_ip_enable: true,
    proxy_protocol_enable: false,
    nat64_enable: false,
    enable_member_retry: false,
    tags: [{ key: 'env', value: 'prod' }, { key: 'empty' }],
    admin_state_up: true,
    created_at: '2024-01-15T09:30:00Z',
    updated_at: '2024-01-15T09:30:00Z',
  };

  it('maps a TCP listener', () => {
    const l = ListenerSchema.parse(toListener(api));
    expect(l).toEqual({
      id: api.id,
      name: 'tcp-80',
      description: 'elb-desk:draft=0f1e2d3c',
      loadBalancerId: lbApi.id,
      protocol: 'TCP',
      port: 80,
      portRanges: [],
      defaultPoolId: 'pool-1',
      keepaliveTimeout: 300,
      cps: 0,
      connection: 5000,
      ipGroup: { id: 'ipg-1', type: 'black', enabled: true },
      transparentClientIp: true,
      proxyProtocol: false,
      nat64: false,
      tags: [
        { key: 'env', value: 'prod' },
        { key: 'empty', value: '' },
      ],
      createdAt: '2024-01-15T09:30:00Z',
      updatedAt: '2024-01-15T09:30:00Z',
    });
  });

  it('port-range mode: port 0 → null, ranges mapped; no ipgroup → null', () => {
    const l = ListenerSchema.parse(
      toListener({ id: 'l2', protocol: 'TCP', protocol_port: 0, port_ranges: [{ start_port: 1000, end_port: 1010 }], loadbalancers: [{ id: 'lb' }], ipgroup: null, default_pool_id: '' }),
    );
    expect(l.port).toBeNull();
    expect(l.portRanges).toEqual([{ start: 1000, end: 1010 }]);
    expect(l.ipGroup).toBeNull();
    expect(l.defaultPoolId).toBeNull();
    expect(l.transparentClientIp).toBe(false);
    // No updated_at from the API: no updatedAt key at all (an edit draft then has no base version to compare).
    expect('updatedAt' in toListener({ id: 'l2' })).toBe(false);
    expect('updatedAt' in toListener({ id: 'l2', updated_at: '' })).toBe(false);
    expect(toListener({ id: 'l2', port_ranges: [], tags: [] })).toMatchObject({ portRanges: [], tags: [] });
  });

  it('an ipgroup object with an empty ID is no IP group; a missing type means whitelist', () => {
    expect(toListener({ id: 'l3', ipgroup: { ipgroup_id: '', enable_ipgroup: false } }).ipGroup).toBeNull();
    expect(toListener({ id: 'l4', ipgroup: { ipgroup_id: 'g', enable_ipgroup: false } }).ipGroup).toEqual({ id: 'g', type: 'white', enabled: false });
  });
});

describe('toPool', () => {
  it('maps a TCP pool with persistence and connection drain', () => {
    const api: ApiPool = {
      id: 'pool-1',
      name: 'web',
      description: '',
      protocol: 'TCP',
      lb_algorithm: 'LEAST_CONNECTIONS',
      loadbalancers: [{ id: lbApi.id }],
      listeners: [{ id: 'lis-1' }],
      members: [{ id: 'm-1' }],
      healthmonitor_id: 'hm-1',
      session_persistence: { type: 'SOURCE_IP', persistence_timeout: 5, cookie_name: null },
      connection_drain: { enable: true, timeout: 60 },
      slow_start: { enable: false, duration: 30 },
      ip_version: 'dualstack',
      type: '',
      vpc_id: '',
      any_port_enable: false,
      member_deletion_protection_enable: false,
      admin_state_up: true,
    };
    expect(PoolSchema.parse(toPool(api))).toEqual({
      id: 'pool-1',
      name: 'web',
      description: '',
      protocol: 'TCP',
      algorithm: 'LEAST_CONNECTIONS',
      loadBalancerIds: [lbApi.id],
      listenerIds: ['lis-1'],
      healthMonitorId: 'hm-1',
      sessionPersistence: { type: 'SOURCE_IP', timeoutMinutes: 5 },
      connectionDrain: { enabled: true, timeoutSeconds: 60 },
      ipVersion: 'dualstack',
      type: null,
      anyPortEnable: false,
      memberRemovalProtection: false,
    });
  });

  it('all-port forwarding: any_port_enable true is kept; missing or null reads as false', () => {
    expect(toPool({ id: 'p3', any_port_enable: true }).anyPortEnable).toBe(true);
    expect(toPool({ id: 'p4' }).anyPortEnable).toBe(false);
    expect(toPool({ id: 'p5', any_port_enable: null }).anyPortEnable).toBe(false);
  });

  it('removal protection: member_deletion_protection_enable true is kept; missing or null reads as false, also from an older cache', () => {
    expect(toPool({ id: 'p3', member_deletion_protection_enable: true }).memberRemovalProtection).toBe(true);
    expect(toPool({ id: 'p4' }).memberRemovalProtection).toBe(false);
    expect(toPool({ id: 'p5', member_deletion_protection_enable: null }).memberRemovalProtection).toBe(false);
    const { memberRemovalProtection: _m, ...older } = toPool({ id: 'p6', member_deletion_protection_enable: true });
    expect(PoolSchema.parse(older).memberRemovalProtection).toBe(false);
  });

  it('no persistence, no drain, empty monitor ID', () => {
    const p = PoolSchema.parse(toPool({ id: 'p2', session_persistence: null, healthmonitor_id: '', connection_drain: null }));
    expect(p.sessionPersistence).toBeNull();
    expect(p.connectionDrain).toBeNull();
    expect(p.healthMonitorId).toBeNull();
  });
});

describe('toMember', () => {
  const api: ApiMember = {
    id: 'm-1',
    name: 'web-1',
    address: '192.168.0.21',
    protocol_port: 8080,
    weight: 1,
    subnet_cidr_id: 'neutron-subnet-1',
    ip_version: 'v4',
    operating_status: 'ONLINE',
    admin_state_up: true,
    member_type: 'instance',
    instance_id: 'ecs-1',
    project_id: 'p',
    status: [],
  };

  it('maps a member with its pool', () => {
    expect(MemberSchema.parse(toMember(api, 'pool-1'))).toEqual({
      id: 'm-1',
      poolId: 'pool-1',
      name: 'web-1',
      address: '192.168.0.21',
      port: 8080,
      weight: 1,
      operatingStatus: 'ONLINE',
      subnetId: 'neutron-subnet-1',
      ipVersion: 'v4',
      memberType: 'instance',
    });
  });

  it('per-listener status wins, worst first; the pool from GET /members when none is given', () => {
    const m = toMember(
      {
        ...api,
        pool_id: 'pool-9',
        operating_status: 'ONLINE',
        status: [
          { listener_id: 'a', operating_status: 'ONLINE' },
          { listener_id: 'b', operating_status: 'OFFLINE' },
        ],
      },
      '',
    );
    expect(m.operatingStatus).toBe('OFFLINE');
    expect(m.poolId).toBe('pool-9');
    expect(toMember({ ...api, subnet_cidr_id: null, member_type: 'ip' }, 'p').subnetId).toBeNull();
  });
});

describe('toHealthMonitor', () => {
  it('maps a TCP monitor', () => {
    const api: ApiHealthMonitor = {
      id: 'hm-1',
      name: '',
      type: 'TCP',
      delay: 5,
      timeout: 3,
      max_retries: 3,
      max_retries_down: 3,
      monitor_port: null,
      url_path: '/',
      expected_codes: '200',
      http_method: 'GET',
      domain_name: null,
      admin_state_up: true,
      pools: [{ id: 'pool-1' }],
    };
    expect(HealthMonitorSchema.parse(toHealthMonitor(api))).toEqual({
      id: 'hm-1',
      poolId: 'pool-1',
      type: 'TCP',
      delay: 5,
      timeout: 3,
      maxRetries: 3,
      maxRetriesDown: 3,
      monitorPort: null,
      urlPath: '/',
      expectedCodes: '200',
      httpMethod: 'GET',
      domainName: null,
    });
    expect(toHealthMonitor({ id: 'h2', pool_id: 'p2' }).poolId).toBe('p2');
    expect(toHealthMonitor({ id: 'h3' }).poolId).toBeNull();
  });
});

describe('toIpGroup', () => {
  it('maps entries and listeners', () => {
    const api: ApiIpGroup = {
      id: 'ipg-1',
      name: 'office',
      description: 'HQ',
      ip_list: [
        { ip: '192.0.2.0/24', description: 'LAN' },
        { ip: '198.51.100.7', description: null },
      ],
      listeners: [{ id: 'lis-1' }],
      project_id: 'p',
      created_at: '2024-01-15T09:30:00Z',
    };
    expect(IpGroupSchema.parse(toIpGroup(api))).toEqual({
      id: 'ipg-1',
      name: 'office',
      description: 'HQ',
      entries: [
        { ip: '192.0.2.0/24', description: 'LAN' },
        { ip: '198.51.100.7', description: '' },
      ],
      listenerIds: ['lis-1'],
    });
  });
});

describe('toFlavor', () => {
  it('takes connection and cps from info', () => {
    expect(FlavorSchema.parse(toFlavor(flavors[0]!))).toEqual({ id: flavors[0]!.id, name: 'L4_flavor.elb.s1.small', type: 'L4', connection: 500000, cps: 10000 });
    expect(toFlavor(flavors[2]!)).toMatchObject({ connection: null, cps: null });
  });
});

describe('toQuota', () => {
  it('merges limits with details usage', () => {
    const q = QuotaSchema.parse(
      toQuota({
        quota: {
          project_id: '0123456789abcdef0123456789abcdef',
          loadbalancer: 50,
          listener: 100,
          member: -1,
          ipgroup: 50,
          ipgroup_max_length: 300,
          listeners_per_pool: 50,
        },
        details: [
          { quota_key: 'listener', quota_limit: 100, used: 7, unit: 'count' },
          { quota_key: 'member', quota_limit: -1, used: 12, unit: 'count' },
          { quota_key: 'healthmonitor', quota_limit: 100, used: 2, unit: 'count' },
        ],
      }),
    );
    expect(q).toEqual({
      loadbalancer: { limit: 50, used: null },
      listener: { limit: 100, used: 7 },
      member: { limit: -1, used: 12 },
      ipgroup: { limit: 50, used: null },
      ipgroup_max_length: { limit: 300, used: null },
      listeners_per_pool: { limit: 50, used: null },
      healthmonitor: { limit: 100, used: 2 },
    });
  });

  it('accepts the bare quota object and no details', () => {
    expect(toQuota({ listener: 10 })).toEqual({ listener: { limit: 10, used: null } });
    expect(toQuota({ quota: { pool: 5 }, details: null })).toEqual({ pool: { limit: 5, used: null } });
  });
});
