# One image for the three apps; the command picks the app:
#   docker run ml-connector api | poller | writer | migrate
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json nest-cli.json ./
COPY apps apps
COPY libs libs
COPY test/support test/support
RUN npx tsc -p tsconfig.json && npx tsc-alias -p tsconfig.json && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules node_modules
COPY --from=build --chown=node:node /app/dist dist
COPY --from=build --chown=node:node /app/package.json package.json
COPY --chown=node:node docker/entrypoint.sh /usr/local/bin/ml-connector
USER node
EXPOSE 3000
# The API's /health checks Postgres and RabbitMQ; compose gives poller and writer their own.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.API_PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["ml-connector"]
CMD ["api"]
