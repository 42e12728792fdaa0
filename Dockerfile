# The helpline service (`npm start`) and the planner's BullMQ worker (`npm run worker`) share
# this image; docker-compose.yml picks the command. The build stage compiles the TypeScript
# into dist/ and the dashboards into dashboards/dist; the runtime runs that JavaScript only.

# Build stage: the whole tree (.dockerignore leaves out what is built here) and every
# dependency; `npm ci` runs `prepare`, as on a laptop: the dashboards, then the TypeScript.
FROM node:20-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund

# Runtime: production dependencies, the compiled JavaScript, the built dashboards, the scenarios.
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin bin
COPY scenarios scenarios
COPY --from=build /app/dist dist
COPY --from=build /app/dashboards/dist dashboards/dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "bin/run-compiled.js", "src/server/main.ts"]
