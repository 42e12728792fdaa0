/**
 * Caller numbers are personal data: they are replaced by a keyed hash before anything is
 * stored or logged. HMAC (not a bare hash) because phone numbers are few enough to enumerate.
 */
import { createHmac } from 'node:crypto';

export function pseudonymiseCaller(number: string, key: string): string {
  return createHmac('sha256', key).update(number.replace(/[\s-]/g, '')).digest('hex');
}
