/** What a call-flow request can be refused for: the call is unknown (404), or not in a state that allows the move (409). */
import type { CallRecord } from './call-record.ts';

export class CallFlowError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict',
    message: string,
  ) {
    super(message);
    this.name = 'CallFlowError';
  }
}

export function notFound(id: string): CallFlowError {
  return new CallFlowError('not_found', `no call ${id}`);
}

export function notAtMenu(call: CallRecord): CallFlowError {
  return new CallFlowError('conflict', call.status === 'ended' ? 'call has already ended' : `call is ${call.status}, no longer at the menu`);
}

export function changedMeanwhile(id: string): CallFlowError {
  return new CallFlowError('conflict', `call ${id} was changed by another request at the same time; read it and retry`);
}
