/**
 * The live service's parts over one store: the callers' request path, the once-a-second
 * housekeeping and the staff actions, sharing one topology and one set of call moves. All state
 * is in the store, so two sets built over one store act as two instances sharing it.
 */
import type { Scenario } from '../../core/scenario/schema.ts';
import { CallFlow } from './call-flow.ts';
import { CallMoves } from './call-moves.ts';
import type { Clock } from '../../sim/io/clock.ts';
import { Housekeeping, type HousekeepingLog } from './housekeeping.ts';
import type { LiveLimits } from './limits.ts';
import type { LineStore } from './line-store.ts';
import { StaffLines } from './staff-lines.ts';
import { buildTopology, type Topology } from './topology.ts';

export interface LiveServiceDeps {
  scenario: Scenario;
  store: LineStore;
  clock: Clock;
  limits: LiveLimits;
  /** Uniform [0, 1); only the weighted-random line policy draws from it. */
  random: () => number;
  callerHashKey: string;
  log: HousekeepingLog;
  /** Called after every change to live state, so the live feed can push at once. */
  onChange: () => void;
}

export interface LiveService {
  topology: Topology;
  callFlow: CallFlow;
  housekeeping: Housekeeping;
  staffLines: StaffLines;
}

export function createLiveService(deps: LiveServiceDeps): LiveService {
  const { scenario, store, clock, onChange } = deps;
  const topology = buildTopology(scenario);
  const moves = new CallMoves({ topology, store, clock, limits: deps.limits, onChange });
  return {
    topology,
    callFlow: new CallFlow({ scenario, topology, store, clock, limits: deps.limits, random: deps.random, callerHashKey: deps.callerHashKey, moves, onChange }),
    housekeeping: new Housekeeping({ topology, store, clock, moves, log: deps.log }),
    staffLines: new StaffLines({ topology, store, clock, moves, onChange }),
  };
}
