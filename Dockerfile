# syntax=docker/dockerfile:1
# Multi-stage: build backend (SWC) and console (Vite) with dev dependencies, ship only production ones.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci
COPY tsconfig.json ./
COPY backend backend
COPY frontend frontend
RUN npm run build

FROM node:22-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY backend/package.json backend/
COPY frontend/package.json frontend/
RUN npm ci --omit=dev --workspace backend --include-workspace-root=false && npm cache clean --force
COPY --from=build /app/backend/dist backend/dist
COPY --from=build /app/frontend/dist frontend/dist
COPY datasets datasets
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
# The same node flags as `npm start` (see README, "Node flags"); test/foundation/compose.test.ts keeps them equal.
CMD ["node", "--max-semi-space-size=64", "backend/dist/main.js"]
