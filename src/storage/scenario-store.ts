/**
 * Stored scenarios: each update is a new version; old versions stay readable until the
 * scenario is deleted. What is stored is the scenario JSON as the planner sent it (already
 * validated), so an export gives back the planner's own file.
 */
import { z } from 'zod';

export const ScenarioSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    latestVersion: z.number().int().positive(),
    createdAt: z.string().describe('ISO time of version 1'),
    updatedAt: z.string().describe('ISO time of the latest version'),
  })
  .meta({ id: 'ScenarioSummary' });

export const StoredScenarioSchema = ScenarioSummarySchema.extend({
  version: z.number().int().positive().describe('the version returned'),
  versionCreatedAt: z.string(),
  scenario: z.record(z.string(), z.unknown()).describe('the scenario JSON of that version'),
}).meta({ id: 'StoredScenario' });

export type ScenarioSummary = z.infer<typeof ScenarioSummarySchema>;
export type StoredScenario = z.infer<typeof StoredScenarioSchema>;
export type ScenarioJson = StoredScenario['scenario'];

export interface ScenarioStore {
  create(name: string, scenario: ScenarioJson): Promise<StoredScenario>;
  /** A new version; undefined if there is no such scenario. */
  update(id: string, name: string, scenario: ScenarioJson): Promise<StoredScenario | undefined>;
  /** The latest version, or the one asked for; undefined if either does not exist. */
  get(id: string, version?: number): Promise<StoredScenario | undefined>;
  /** Newest first. */
  list(): Promise<ScenarioSummary[]>;
  /** Removes every version; false if there was nothing to delete. */
  delete(id: string): Promise<boolean>;
  close(): Promise<void>;
}
