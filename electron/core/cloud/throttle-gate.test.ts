import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox';
import type { SandboxHandle } from '../../sandbox/types';
import { createElbClient } from './client';
import { createThrottleGate } from './throttle-gate';

describe('createThrottleGate', () => {
  it('holds waiters until the longest pause has passed; a shorter pause does not shorten it', async () => {
    let now = 1000;
    const slept: number[] = [];
    const gate = createThrottleGate({ now: () => now, sleep: async (ms) => void (slept.push(ms), (now += ms)) });
    await gate.wait();
    expect(slept).toEqual([]);
    gate.pause(3000);
    gate.pause(1000);
    gate.pause(0);
    expect(gate.pauses).toBe(2);
    await gate.wait();
    expect(slept).toEqual([3000]);
    expect(now).toBe(4000);
  });
});

describe('a shared gate over two clients of one account (sandbox throttling)', () => {
  let sbx: SandboxHandle;
  beforeAll(async () => {
    sbx = await startSandbox({ port: 0 });
  });
  afterAll(() => sbx.close());

  it('a 429 seen by one client holds back the other client’s next request; without a gate nothing changes', async () => {
    let now = Date.now();
    const gate = createThrottleGate({ now: () => now, sleep: async (ms) => void (now += ms) });
    const make = (region: 0 | 1, withGate: boolean) => {
      const sleeps: number[] = [];
      const client = createElbClient({
        endpoint: sbx.url,
        region: sbx.regions[region]!.id,
        projectId: sbx.regions[region]!.projectId,
        credentials: async () => ({ ak: sbx.ak, sk: sbx.sk }),
        clock: () => new Date(now),
        sleep: async (ms) => {
          sleeps.push(ms);
          now += ms;
        },
        random: () => 0,
        retry: { throttleMinDelayMs: 500 },
        ...(withGate ? { gate } : {}),
      });
      return { client, sleeps };
    };
    const a = make(0, true);
    const b = make(1, true);
    sbx.faults.add({ method: 'GET', path: /\/loadbalancers$/, times: 1, fault: { kind: 'throttle' } });
    await a.client.listLoadBalancers(); // 429 (Retry-After 1) then 200
    expect(a.sleeps).toEqual([1000]);
    expect(gate.pauses).toBe(1);
    // the gate's pause ran on the shared clock with the client's own sleep, so it is over: b is not delayed
    const before = now;
    await b.client.listLoadBalancers();
    expect(now).toBe(before);
    // a pause in force delays b's first attempt until it ends
    gate.pause(2000);
    await b.client.listLoadBalancers();
    expect(now).toBe(before + 2000);
    // a client without a gate is not held back and does not pause the gate
    const c = make(0, false);
    gate.pause(5000);
    const t = now;
    sbx.faults.add({ method: 'GET', path: /\/loadbalancers$/, times: 1, fault: { kind: 'throttle' } });
    await c.client.listLoadBalancers();
    expect(c.sleeps).toEqual([1000]);
    expect(now).toBe(t + 1000);
    expect(gate.pauses).toBe(3);
    await Promise.all([a.client.close(), b.client.close(), c.client.close()]);
  });
});
