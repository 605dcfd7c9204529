# syntax=docker/dockerfile:1
# The alur worker (worker/main.ts) for ECS Fargate. `cdk deploy` (infra/) builds and publishes it;
# by hand: docker build -t alur-worker .   (add --build-arg NODE_MAJOR=24 for Node 24)
#
# Debian (glibc), never Alpine: Temporal's native bridge (@temporalio/core-bridge) is built for
# glibc only. The build context is filtered by .dockerignore to what the worker needs.
ARG NODE_MAJOR=22

FROM node:${NODE_MAJOR}-bookworm-slim AS build
ARG NODE_MAJOR
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts are needed (the native bridge ships prebuilt; esbuild finds its binary).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The workflow bundle, prebuilt (Temporal's advice for production); then the worker's own code
# in one file, with node_modules left as installed (the native bridge cannot be bundled).
RUN node_modules/.bin/tsx scripts/bundle-workflows.ts dist/workflow-bundle.js \
 && node_modules/.bin/esbuild worker/main.ts --bundle --platform=node --format=esm --target=node${NODE_MAJOR} \
      --packages=external --sourcemap --outfile=dist/worker.mjs \
 && node_modules/.bin/esbuild worker/health-check.ts --bundle --platform=node --format=esm --target=node${NODE_MAJOR} \
      --outfile=dist/health-check.mjs

FROM node:${NODE_MAJOR}-bookworm-slim
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    NO_COLOR=1 \
    WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The workflow sources, for a worker that bundles at start (when WORKFLOW_BUNDLE is not used).
COPY workflows ./workflows
COPY domain ./domain
USER node
# ECS's health check runs `node dist/health-check.mjs` (infra/); WORKER_HEALTH_PORT turns the endpoint on.
CMD ["node", "dist/worker.mjs"]
