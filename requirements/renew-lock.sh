#!/usr/bin/env bash
# Renews requirements/lock.txt from pyproject.toml: the dependencies and the `test` group, each
# pinned to one version with the hashes of all its files on PyPI, resolved once for every
# platform and every Python from 3.11 (the floor) up, so the CI matrix installs the same set.
#   requirements/renew-lock.sh                     keep the pins that still fit pyproject.toml
#   requirements/renew-lock.sh --upgrade           move every pin to the newest version allowed
#   requirements/renew-lock.sh --upgrade-package X move X only
# pip-tools cannot read PEP 735 dependency groups, so uv's pip-compatible resolver writes the
# file; pip installs it (./dev, the workflows). uv is installed into a throw-away venv.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/python" -m pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
"$tools/bin/uv" pip compile pyproject.toml --group test --universal --python-version 3.11 \
  --generate-hashes --no-config --index-url https://pypi.org/simple --quiet \
  --custom-compile-command "requirements/renew-lock.sh" \
  --output-file requirements/lock.txt "$@"
