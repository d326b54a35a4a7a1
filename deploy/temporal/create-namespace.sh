#!/bin/sh
# Waits for the Temporal frontend, creates the namespace and the typed search attributes the Timmy
# workflows upsert (TimmyCycle, TimmyPhase, TimmyIssue, TimmyPane, TimmyOutcome). Idempotent: what exists
# is left alone, so `docker-compose up` can run it on every start.
# Runs in temporalio/admin-tools (see docker-compose.yml, service temporal-namespace).
set -eu

address="${TEMPORAL_ADDRESS:-temporal:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_RETENTION:-7d}"
tries_max="${TEMPORAL_WAIT_TRIES:-60}"

retry() {
  # retry <what> <command...>: runs the command until it succeeds, every 2 s, at most tries_max times.
  what="$1"
  shift
  n=1
  until "$@"; do
    if [ "$n" -ge "$tries_max" ]; then
      echo "temporal-namespace: gave up on $what after $n tries" >&2
      exit 1
    fi
    n=$((n + 1))
    sleep 2
  done
}

echo "temporal-namespace: waiting for $address"
retry "the frontend health check" temporal operator cluster health --address "$address"

if temporal operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; then
  echo "temporal-namespace: namespace $namespace exists"
else
  retry "creating namespace $namespace" \
    temporal operator namespace create --address "$address" --namespace "$namespace" --retention "$retention"
  echo "temporal-namespace: namespace $namespace created (retention $retention)"
fi

existing() {
  temporal operator search-attribute list --address "$address" --namespace "$namespace"
}

# name:type pairs; the types are the ones the workflows' SearchAttributeKey constants use.
for pair in TimmyCycle:Int TimmyPhase:Keyword TimmyIssue:Int TimmyPane:Keyword TimmyOutcome:Keyword; do
  name="${pair%%:*}"
  type="${pair#*:}"
  if existing | grep -qw "$name"; then
    echo "temporal-namespace: search attribute $name exists"
    continue
  fi
  retry "creating search attribute $name" \
    temporal operator search-attribute create --address "$address" --namespace "$namespace" \
      --name "$name" --type "$type"
  echo "temporal-namespace: search attribute $name ($type) created"
done
echo "temporal-namespace: done"
