#!/usr/bin/env bash
# The test command: build the whole solution with warnings as errors, then run every test project.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build MarginCall.slnx -c Release -warnaserror
dotnet test MarginCall.slnx -c Release --no-build
