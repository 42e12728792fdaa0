/** A problem found in input: where (the field path, as zod gives it) and why. */
export type FieldPath = ReadonlyArray<string | number>;

export interface ScenarioIssue {
  path: FieldPath;
  message: string;
}
