#!/bin/sh
# Posts the release note to the team channel.
# Planted for the Palisade demo: the webhook below is generated when the demo starts.
set -eu
WEBHOOK_URL="https://{{fake-secret:slack-webhook-url}}"
curl -sS -X POST -H 'Content-Type: application/json' \
  --data "{\"text\": \"Storefront $1 is live\"}" "$WEBHOOK_URL"
