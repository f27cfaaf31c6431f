#!/bin/sh
# Posts $1 (the plan as Markdown) on the merge request as ONE note: the note carrying the hidden
# marker is edited in place on every pipeline. Needs GITLAB_NOTE_TOKEN, curl and jq.
# Only a note written by the token's own user counts: anyone may comment with the marker, and
# GitLab lets only a note's author edit it.
set -eu
marker='<!-- scanform:plan -->'
api="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
auth="PRIVATE-TOKEN: $GITLAB_NOTE_TOKEN"
body=$(printf '%s\n## scanform plan\n\n%s\n' "$marker" "$(cat "$1")" | jq -Rs '{body: .}')
me=$(curl --fail -sS -H "$auth" "$CI_API_V4_URL/user" | jq -r '.username')
id=''
page=1
# A page at a time until the note is found or the notes end (at most 50 pages of 100).
while [ -z "$id" ] && [ "$page" -le 50 ]; do
  notes=$(curl --fail -sS -H "$auth" "$api?per_page=100&page=$page")
  [ "$(printf '%s' "$notes" | jq 'length')" -eq 0 ] && break
  id=$(printf '%s' "$notes" | jq -r --arg m "$marker" --arg me "$me" '[.[] | select(.author.username == $me and (.body | contains($m)))][0].id // empty')
  page=$((page + 1))
done
if [ -n "$id" ]; then
  curl --fail -sS -X PUT -H "$auth" -H 'Content-Type: application/json' -d "$body" "$api/$id" > /dev/null
else
  curl --fail -sS -X POST -H "$auth" -H 'Content-Type: application/json' -d "$body" "$api" > /dev/null
fi
