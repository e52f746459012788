#!/bin/bash
# Readiness probe for the PRM images, with nothing but bash (no curl in the image):
#   /opt/prm/healthcheck.sh PORT [PATH]     (PATH defaults to /actuator/health/readiness)
# Exits 0 only when the service answers 200 with status UP; prints why otherwise.
# docker-compose `healthcheck: test: ["CMD", "/opt/prm/healthcheck.sh", "8081"]`; Kubernetes exec probes the same,
# or use an httpGet probe on the same path.
set -u
port=${1:-}
path=${2:-/actuator/health/readiness}
if [[ ! $port =~ ^[0-9]+$ ]]; then
  echo "usage: healthcheck.sh PORT [PATH]" >&2
  exit 2
fi
# bash opens the TCP connection itself (/dev/tcp is handled by bash, not the filesystem)
if ! exec 3<>"/dev/tcp/127.0.0.1/$port"; then
  echo "nothing listens on port $port" >&2
  exit 1
fi
printf 'GET %s HTTP/1.0\r\nHost: localhost:%s\r\nAccept: application/json\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
response=""
# a hung service must not hang the probe: 5 s per read
while IFS= read -r -t 5 line <&3 || [[ -n $line ]]; do
  response+="$line"$'\n'
done
exec 3<&-
status_line=${response%%$'\r'*}
body=${response#*$'\r\n\r\n'}
# UP overall, and nothing shown as DOWN/OUT_OF_SERVICE (a group's status aggregates the components it shows)
up='"status"[[:space:]]*:[[:space:]]*"UP"'
not_up='"status"[[:space:]]*:[[:space:]]*"(DOWN|OUT_OF_SERVICE)"'
if [[ $status_line =~ ^HTTP/1\.[01]\ 200 ]] && [[ $body =~ $up ]] && ! [[ $body =~ $not_up ]]; then
  exit 0
fi
echo "not ready: ${status_line:-no answer} ${body//$'\n'/ }" >&2
exit 1
