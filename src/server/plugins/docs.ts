/** OpenAPI document and docs page, generated from the routes' zod schemas (one source of truth). */
import type { FastifyPluginAsync } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { API_KEY_HEADER } from '../auth.ts';

/** Not encapsulated: swagger must see the routes every other plugin registers. */
export const docsPlugin: FastifyPluginAsync = fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'helpline-sim live service',
        description:
          'Call-flow API for a telephony front end (x-api-key = TELEPHONY_API_KEY when set), staff endpoints (x-api-key = API_KEY), live figures. ' +
          'Browsers open the WebSockets behind the key with ?ticket= from POST /ws-tickets (single use, 30 s).',
        version: '0.1.0',
      },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: API_KEY_HEADER } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
});
