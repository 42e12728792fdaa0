/**
 * The planner API as the workbench uses it: scenarios and runs over HTTP with the API key
 * (x-api-key), and tickets for the runs WebSocket (see run-feed.ts). A 400 comes back as an ApiError carrying the API's issues, each with its field
 * path, so the page can put the message next to the field.
 */
import type { z } from 'zod';
import type { RunRequestSchema } from '../../../src/jobs/run-request.ts';
import type { ScenarioSummary, StoredScenario } from '../../../src/storage/scenario-store.ts';
import type { RunRecord } from '../../../src/storage/run-store.ts';
import { requestWsTicket } from '../shared/ws-ticket.ts';

export type { RunRecord, ScenarioSummary, StoredScenario };
/** What may be sent: defaults (seed, replications) may be left out. */
export type RunRequest = z.input<typeof RunRequestSchema>;
export type ScenarioJson = StoredScenario['scenario'];
export type ResultFormat = 'json' | 'csv' | 'html';

export interface Issue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: Issue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class PlannerApi {
  constructor(private readonly key: string) {}

  async #send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { 'x-api-key': this.key };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (res.ok) return res;
    const text = await res.text();
    let parsed: { error?: string; issues?: Issue[] } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // not the API's error shape (a proxy's page): keep the status line
    }
    throw new ApiError(res.status, parsed.error ?? `HTTP ${res.status}`, parsed.issues ?? []);
  }

  async #json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.#send(method, path, body)).json()) as T;
  }

  scenarios = () => this.#json<ScenarioSummary[]>('GET', '/scenarios');
  scenario = (id: string) => this.#json<StoredScenario>('GET', `/scenarios/${encodeURIComponent(id)}`);
  importScenario = (json: ScenarioJson) => this.#json<StoredScenario>('POST', '/scenarios/import', json);
  saveVersion = (id: string, json: ScenarioJson) => this.#json<StoredScenario>('PUT', `/scenarios/${encodeURIComponent(id)}`, json);
  validate = (json: ScenarioJson) => this.#json<{ valid: true }>('POST', '/scenarios/validate', json);
  startRun = (request: RunRequest) => this.#json<RunRecord>('POST', '/runs', request);
  run = (id: string) => this.#json<RunRecord>('GET', `/runs/${encodeURIComponent(id)}`);
  cancelRun = (id: string) => this.#json<RunRecord>('POST', `/runs/${encodeURIComponent(id)}/cancel`);
  /** A Blob, not text: decoding as text would drop the CSV's byte-order mark that spreadsheets need for Japanese. */
  result = async (id: string, format: ResultFormat) => (await this.#send('GET', `/runs/${encodeURIComponent(id)}/result?format=${format}`)).blob();
  /** A single-use ticket that opens /ws/runs within 30 s. */
  wsTicket = () => requestWsTicket(this.key);
}
