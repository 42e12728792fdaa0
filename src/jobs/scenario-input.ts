/**
 * Scenarios that arrive over HTTP: validated by the same parseScenario as the CLI (same
 * messages), with paths under where they sit in the request (`base.menu.options[0]`). A file
 * reference (`arrivals.csv`) is refused: the service must not read files a request names;
 * counts are uploaded as CSV instead.
 */
import type { Scenario } from '../../core/scenario/schema.ts';
import { parseScenario, ScenarioValidationError } from '../../core/scenario/validate.ts';
import type { FieldPath } from '../../core/scenario/issue.ts';

export function scenarioFromJson(json: unknown, where: FieldPath = []): Scenario {
  let scenario: Scenario;
  try {
    scenario = parseScenario(json);
  } catch (error) {
    throw error instanceof ScenarioValidationError ? under(where, error) : error;
  }
  if (scenario.arrivals.type !== 'volume' && scenario.arrivals.csv !== undefined) {
    throw new ScenarioValidationError([
      {
        path: [...where, 'arrivals', 'csv'],
        message: 'a server file cannot be named over HTTP: give the values inline, or upload interval counts as CSV (PUT /scenarios/{id}/interval-counts)',
      },
    ]);
  }
  return scenario;
}

/** The same issues, with `where` in front of every path. */
export function under(where: FieldPath, error: ScenarioValidationError): ScenarioValidationError {
  return where.length === 0 ? error : new ScenarioValidationError(error.issues.map((i) => ({ ...i, path: [...where, ...i.path] })));
}
