#!/bin/sh
# The container's entry: refuse to serve model files other than those the image was built
# with (SHA-256 sums recorded at build time), then run the encoder on every interface.
set -eu
cd /app
sha256sum -c --quiet models/SHA256SUMS
exec node --import tsx offline/encoder/main.ts --model "models/${MODEL}"
