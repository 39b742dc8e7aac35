#!/bin/sh
echo "dockerd-rootless.sh: not supported by the jprov test fleet" >&2; exit 1
