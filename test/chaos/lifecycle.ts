/**
 * What a chaos test starts (a Redis server, service processes), disposed after each test along
 * with the probe calls; every process is killed after the file.
 */
import { afterAll, afterEach } from 'vitest';
import { forgetProbeCalls } from './invariants.ts';
import { killAll, type RedisServer, type ServiceProcess } from './processes.ts';

export interface Started {
  redis: RedisServer | undefined;
  services: ServiceProcess[];
}

/** Registers the hooks and returns the holder the tests put what they start in. */
export function disposedAfterEach(): Started {
  const started: Started = { redis: undefined, services: [] };
  afterEach(async () => {
    await Promise.all(started.services.map((s) => s.dispose()));
    started.services = [];
    await started.redis?.dispose();
    started.redis = undefined;
  });
  afterAll(killAll);
  afterEach(forgetProbeCalls);
  return started;
}
