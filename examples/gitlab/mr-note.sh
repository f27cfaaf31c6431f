#!/bin/sh
# Posts $1 (the plan as Markdown) on the merge request as ONE note: the note carrying the hidden
# marker is edited in place on every pipeline. Needs GITLAB_NOTE_TOKEN, curl and jq.
set -eu
marker='<!-- scanform:plan -->'
api="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
body=$(printf '%s\n## scanform plan\n\n%s\n' "$marker" "$(cat "$1")" | jq -Rs '{body: .}')
id=$(curl --fail -sS -H "PRIVATE-TOKEN: $GITLAB_NOTE_TOKEN" "$api?per_page=100" | jq -r --arg m "$marker" '[.[] | select(.body | contains($m))][0].id // empty')
if [ -n "$id" ]; then
  curl --fail -sS -X PUT -H "PRIVATE-TOKEN: $GITLAB_NOTE_TOKEN" -H 'Content-Type: application/json' -d "$body" "$api/$id" > /dev/null
else
  curl --fail -sS -X POST -H "PRIVATE-TOKEN: $GITLAB_NOTE_TOKEN" -H 'Content-Type: application/json' -d "$body" "$api" > /dev/null
fi
