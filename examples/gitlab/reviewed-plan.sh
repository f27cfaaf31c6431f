#!/bin/sh
# Downloads plan.sfplan from the scanform-plan job of the merge request merged by this commit: the
# plan its reviewers saw. Exits 3 (as a stale plan does) when there is none. Needs curl and jq.
set -eu
auth="PRIVATE-TOKEN: $GITLAB_NOTE_TOKEN"
api="$CI_API_V4_URL/projects/$CI_PROJECT_ID"
iid=$(curl --fail -sS -H "$auth" "$api/repository/commits/$CI_COMMIT_SHA/merge_requests" | jq -r '[.[] | select(.state == "merged")][0].iid // empty')
[ -n "$iid" ] || { echo "No merged merge request for $CI_COMMIT_SHA: no reviewed plan, nothing is applied." >&2; exit 3; }
pipeline=$(curl --fail -sS -H "$auth" "$api/merge_requests/$iid/pipelines" | jq -r '.[0].id // empty')
job=$(curl --fail -sS -H "$auth" "$api/pipelines/$pipeline/jobs?scope[]=success" | jq -r '[.[] | select(.name == "scanform-plan")][0].id // empty')
[ -n "$job" ] || { echo "Merge request !$iid has no successful scanform-plan job: nothing is applied." >&2; exit 3; }
curl --fail -sS -H "$auth" -o plan.sfplan "$api/jobs/$job/artifacts/plan.sfplan"
