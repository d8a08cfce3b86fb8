#!/bin/sh
# Chooses the app to run; everything else comes from the environment (see README).
set -e
case "${1:-api}" in
  api) exec node dist/apps/api/src/main.js ;;
  poller) exec node dist/apps/poller/src/main.js ;;
  writer) exec node dist/apps/writer/src/main.js ;;
  migrate) shift; exec node dist/libs/database/src/migrate.js "$@" ;;
  rotate-key) exec node dist/libs/connections/src/rotate-key.js ;;
  sim-peoplesoft) shift; exec node dist/libs/peoplesoft-simulator/src/main.js "$@" ;;
  sim-hubspot) shift; exec node dist/libs/hubspot-simulator/src/main.js "$@" ;;
  *) echo "usage: ml-connector api|poller|writer|migrate|rotate-key|sim-peoplesoft|sim-hubspot" >&2; exit 64 ;;
esac
