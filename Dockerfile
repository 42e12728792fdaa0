# The helpline service (`npm start`) and the planner's BullMQ worker (`npm run worker`) share
# this image; docker-compose.yml picks the command. Node runs the TypeScript through tsx
# (bin/run-ts.js), so there is no compile step, only the dashboards' Vite build.

# Build stage: every dependency, so `npm ci` runs `prepare` (Vite builds dashboards/dist).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY dashboards dashboards
COPY src src
COPY sim sim
COPY scenarios scenarios
RUN npm ci --no-audit --no-fund

# Runtime: production dependencies only (tsx is one), the sources and the built dashboards.
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY bin bin
COPY src src
COPY sim sim
COPY scenarios scenarios
COPY --from=build /app/dashboards/dist dashboards/dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
CMD ["node", "bin/run-ts.js", "src/server/main.ts"]
