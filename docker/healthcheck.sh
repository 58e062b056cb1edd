#!/bin/bash
# Container health probe: GET http://127.0.0.1:${FEEDPIPE_HTTP_PORT:-8080}${1:-/health/live}, healthy on 200.
#
# Why bash and not curl, wget or java: the eclipse-temurin JRE image does not promise curl or wget,
# and a JVM started every 15 s would cost more memory and CPU than the service's own probe answer.
# bash's /dev/tcp needs nothing the image lacks. The JDK HttpServer answers HTTP/1.0 and then
# closes the connection, so reading the status line is enough. Docker's HEALTHCHECK --timeout
# bounds the whole probe; `timeout` bounds it again when run by hand.
set -euo pipefail
port="${FEEDPIPE_HTTP_PORT:-8080}"
path="${1:-/health/live}"
exec timeout 5 bash -c '
  { exec 3<>"/dev/tcp/127.0.0.1/$0"; } 2>/dev/null || { echo "GET $1 on port $0: connection refused" >&2; exit 1; }
  printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$1" >&3
  IFS= read -r status <&3
  case "$status" in
    "HTTP/1."?" 200 "*) exit 0 ;;
    *) echo "GET $1 on port $0: ${status:-no answer}" >&2; exit 1 ;;
  esac
' "$port" "$path"
