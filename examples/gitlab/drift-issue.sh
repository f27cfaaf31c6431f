#!/bin/sh
# Keeps ONE open issue labelled scanform-drift: opened on drift ($2 = 2), updated while it stays,
# closed when the plan has no changes ($2 = 0). Needs GITLAB_NOTE_TOKEN, curl and jq.
# Only an issue the token's own user opened counts: anyone may label an issue scanform-drift, and
# theirs must be neither overwritten nor closed.
set -eu
api="$CI_API_V4_URL/projects/$CI_PROJECT_ID/issues"
auth="PRIVATE-TOKEN: $GITLAB_NOTE_TOKEN"
me=$(curl --fail -sS -H "$auth" "$CI_API_V4_URL/user" | jq -r '.username | @uri')
iid=$(curl --fail -sS -H "$auth" "$api?labels=scanform-drift&state=opened&author_username=$me" | jq -r '.[0].iid // empty')
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
