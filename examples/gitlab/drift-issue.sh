#!/bin/sh
# Keeps ONE open issue labelled scanform-drift: opened on drift ($2 = 2), updated while it stays,
# closed when the plan has no changes ($2 = 0). Needs GITLAB_NOTE_TOKEN, curl and jq.
set -eu
api="$CI_API_V4_URL/projects/$CI_PROJECT_ID/issues"
auth="PRIVATE-TOKEN: $GITLAB_NOTE_TOKEN"
iid=$(curl --fail -sS -H "$auth" "$api?labels=scanform-drift&state=opened" | jq -r '.[0].iid // empty')
body=$(jq -Rs '{description: .}' < "$1")
if [ "$2" = 2 ]; then
  if [ -n "$iid" ]; then
    curl --fail -sS -X PUT -H "$auth" -H 'Content-Type: application/json' -d "$body" "$api/$iid" > /dev/null
  else
    printf '%s\n' "$body" | jq '. + {title: "scanform: the vendors drifted from the manifests", labels: "scanform-drift"}' |
      curl --fail -sS -X POST -H "$auth" -H 'Content-Type: application/json' -d @- "$api" > /dev/null
  fi
elif [ -n "$iid" ]; then
  curl --fail -sS -X PUT -H "$auth" -H 'Content-Type: application/json' -d '{"state_event": "close"}' "$api/$iid" > /dev/null
fi
