#!/usr/bin/env bash
# commit-msg hook: the subject says what changed in under 72 characters; the body says why.
subject=$(grep -v '^#' "$1" | head -n 1)
if [ ${#subject} -ge 72 ]; then
  echo "commit subject is ${#subject} characters: keep it under 72 and put the detail in the body" >&2
  exit 1
fi
