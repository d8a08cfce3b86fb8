#!/bin/sh
# Chooses the app to run; everything else comes from the environment (see README).
set -e
case "${1:-api}" in
  api) exec node dist/apps/api/src/main.js ;;
  # The poller's heap is capped: V8 otherwise sizes it from the host's memory and lets each
  # window's garbage pile up to about four times the live set (300+ MB RSS on a large host).
  # Set first in NODE_OPTIONS, so an operator's own --max-old-space-size there still wins;
  # test/support/app-process.ts starts it the same way.
  poller) NODE_OPTIONS="--max-old-space-size=256 ${NODE_OPTIONS:-}" exec node dist/apps/poller/src/main.js ;;
  writer) exec node dist/apps/writer/src/main.js ;;
  migrate) shift; exec node dist/libs/database/src/migrate.js "$@" ;;
  rotate-key) exec node dist/libs/connections/src/rotate-key.js ;;
  sim-peoplesoft) shift; exec node dist/libs/peoplesoft-simulator/src/main.js "$@" ;;
  sim-hubspot) shift; exec node dist/libs/hubspot-simulator/src/main.js "$@" ;;
  *) echo "usage: ml-connector api|poller|writer|migrate|rotate-key|sim-peoplesoft|sim-hubspot" >&2; exit 64 ;;
esac
