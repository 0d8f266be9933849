#!/usr/bin/env bash
# Starts the PostgreSQL and Redis servers the tests talk to, when they are not already answering.
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "Starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "Starting Redis" >&2
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save ''
fi
