/**
 * Error handling for the planner routes: an invalid scenario found after the request schema
 * passed (cross-field rules, a sweep point, a stored scenario that no longer fits) is a 400
 * with field paths like any other bad input; everything else goes to the service's handler.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ScenarioValidationError } from '../../core/scenario/validate.ts';
import { errorHandler, RequestValidationError } from './errors.ts';

export function plannerErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof ScenarioValidationError) {
    errorHandler(new RequestValidationError(error.issues) as unknown as FastifyError, request, reply);
    return;
  }
  errorHandler(error, request, reply);
}
