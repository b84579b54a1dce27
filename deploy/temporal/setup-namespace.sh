#!/bin/sh
# One-shot (service temporal-setup, image temporalio/admin-tools): creates the namespace wacall
# runs in and registers the custom search attributes its workflows set, so an operator can filter
# calls and permissions in the Temporal UI. Idempotent: what exists already is left alone.
#   TEMPORAL_ADDRESS     the frontend, host:port
#   TEMPORAL_NAMESPACE   the namespace (the apps' SPRING_TEMPORAL_NAMESPACE)
#   NAMESPACE_RETENTION  how long closed workflows stay visible, e.g. 168h
#   SEARCH_ATTRIBUTES    whitespace-separated name:type pairs, e.g. "WaCallStatus:Keyword"
set -eu

: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}" "${NAMESPACE_RETENTION:?}" "${SEARCH_ATTRIBUTES:?}"
ns="$TEMPORAL_NAMESPACE"

# Retries a command until it succeeds, at most $1 times, 2 s apart.
retry() {
  tries=$1
  shift
  n=1
  until "$@" >/dev/null 2>&1; do
    if [ "$n" -ge "$tries" ]; then
      echo "temporal-setup: gave up on: $*" >&2
      "$@" || true
      return 1
    fi
    n=$((n + 1))
    sleep 2
  done
}

# the status it prints, "SERVING" (not "NOT_SERVING"), rather than its exit code alone
serving() {
  temporal operator cluster health --address "$TEMPORAL_ADDRESS" 2>/dev/null | grep -qw SERVING
}

echo "temporal-setup: waiting for the frontend at $TEMPORAL_ADDRESS"
retry 60 serving

if temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$ns" >/dev/null 2>&1; then
  echo "temporal-setup: namespace $ns exists"
else
  echo "temporal-setup: creating namespace $ns (retention $NAMESPACE_RETENTION)"
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$ns" \
    --retention "$NAMESPACE_RETENTION" --description "wacall: WhatsApp Business Calling"
fi

# A new namespace reaches every frontend cache within seconds; search attributes need it there.
retry 30 temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$ns"

registered() {
  temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$ns"
}

existing=$(registered)
for pair in $SEARCH_ATTRIBUTES; do
  name=${pair%%:*}
  type=${pair#*:}
  if printf '%s\n' "$existing" | grep -qw "$name"; then
    echo "temporal-setup: search attribute $name exists"
  else
    echo "temporal-setup: registering search attribute $name ($type)"
    temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$ns" \
      --name "$name" --type "$type"
  fi
done

existing=$(registered)
for pair in $SEARCH_ATTRIBUTES; do
  name=${pair%%:*}
  printf '%s\n' "$existing" | grep -qw "$name" || { echo "temporal-setup: $name is missing" >&2; exit 1; }
done
echo "temporal-setup: done"
