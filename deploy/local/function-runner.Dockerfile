# syntax=docker/dockerfile:1
# The webhook function's local runner (plain node:http, the same handlers the Functions host calls), for the
# local stack. Build from the repository root:
#   docker build -f deploy/local/function-runner.Dockerfile -t sms-webhook-local .

# --- build: the same commands CI runs, then a production-only copy of the function ---
FROM node:20-slim AS build
# better-sqlite3 (a workspace dependency) compiles from source against the image's own Node headers.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV TURBO_TELEMETRY_DISABLED=1 TURBO_NO_UPDATE_NOTIFIER=1 DO_NOT_TRACK=1 CI=true \
  npm_config_nodedir=/usr/local npm_config_build_from_source=true
RUN npm install --global --no-fund --no-audit pnpm@12.4.2
WORKDIR /repo
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm exec turbo run build --filter=@sms-notification/function...
RUN pnpm --filter @sms-notification/function deploy --prod /app

# --- runtime ---
FROM node:20-slim
ENV NODE_ENV=production PORT=7071 HOST=0.0.0.0
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 7071
CMD ["node", "dist/src/local-runner.js"]
