# One image for the three apps; the command picks the app:
#   docker run ml-connector api | poller | writer | migrate | rotate-key | sim-peoplesoft | sim-hubspot
# Node 26 is the Active LTS line (CI tests on Node 20.19+, see package.json "engines");
# build with --build-arg NODE_VERSION=24 to stay on the previous LTS.
ARG NODE_VERSION=26

FROM node:${NODE_VERSION}-trixie-slim AS build
WORKDIR /app
# No analytics call from swagger-ui-dist's postinstall during the build.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY test/support test/support
RUN npx tsc -p tsconfig.json \
  && npx tsc-alias -p tsconfig.json \
  && npm prune --omit=dev --no-audit --no-fund

FROM node:${NODE_VERSION}-trixie-slim
ENV NODE_ENV=production
WORKDIR /app
# Owned by root and read-only for the app's user: the apps write nothing to their own files,
# so the root filesystem can be mounted read-only (Kubernetes: readOnlyRootFilesystem).
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/dist dist
COPY --from=build /app/package.json package.json
COPY --chmod=755 docker/entrypoint.sh /usr/local/bin/ml-connector
COPY --chmod=644 docker/healthcheck.mjs /usr/local/lib/ml-connector/healthcheck.mjs
# The image's `node` user, by number, so Kubernetes can verify runAsNonRoot.
USER 1000:1000
# api: API_PORT (3000); poller and writer: HEALTH_PORT (/health/live, /health/ready, /metrics).
EXPOSE 3000 9090
# Asks the running app's readiness endpoint (Postgres and RabbitMQ reachable), whichever app it is.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/usr/local/lib/ml-connector/healthcheck.mjs"]
# Node runs as PID 1 (the entrypoint execs it) and handles SIGTERM itself: the writer drains and
# acks its batches, the poller finishes its window transaction.
ENTRYPOINT ["ml-connector"]
CMD ["api"]
