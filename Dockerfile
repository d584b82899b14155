# syntax=docker/dockerfile:1
# One image for every Headrace process (docs/deploy.md): the API and web app (`start`), a worker
# (`worker --queue cpu|gpu`) and a predict server (`serve`):
#   docker build -t headrace .                      # target `runtime`
#   docker build --target gpu -t headrace-gpu .     # the same, with the CUDA libraries for GPU workers
#   docker run headrace serve --host 0.0.0.0        # DATABASE_URL, HEADRACE_ARTIFACTS, … from the environment
# The image holds no Temporal and no database: `start` in it needs TEMPORAL_ADDRESS and DATABASE_URL.
ARG NODE_IMAGE=node:20-bookworm-slim

# Every dependency, dev ones included (the web build needs them). .npmrc comes first: it keeps the packages'
# install scripts from running (onnxruntime-node's would fetch CUDA libraries from outside; its CPU library is
# bundled).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund

# The Next.js app, built once into .next/builds/<hash of its sources>; the second call proves the runtime stage,
# which has the same sources, finds the build instead of building again.
FROM deps AS build
COPY . .
RUN node bin/headrace.js build-web && node bin/headrace.js build-web | grep -q '^up to date'

# The dependencies the processes run with (tsx among them: the CLI runs its TypeScript through tsx's loader).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HEADRACE_HOME=/var/lib/headrace \
    HOME=/home/headrace \
    XDG_CACHE_HOME=/home/headrace/.cache
RUN groupadd --gid 10001 headrace \
 && useradd --uid 10001 --gid 10001 --home-dir /home/headrace --create-home --shell /usr/sbin/nologin headrace \
 && mkdir -p /var/lib/headrace \
 && chown headrace:headrace /var/lib/headrace
WORKDIR /app
# Owned by root and read-only to the user the processes run as; they write only below HEADRACE_HOME and /tmp.
COPY --from=prod-deps /app/node_modules ./node_modules
COPY . .
COPY --from=build /app/.next/builds ./.next/builds
# The CLI's esbuild bundle (.headrace/cli/, bin/cli-bundle.mjs), made once here: the processes cannot write below /app.
RUN node bin/headrace.js --help > /dev/null
USER 10001:10001
EXPOSE 3000 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 CMD ["node", "deploy/docker/healthcheck.mjs"]
ENTRYPOINT ["node", "bin/headrace.js"]
CMD ["start", "--no-example"]

# GPU workers: the CUDA libraries onnxruntime's CUDA provider needs, pinned and checked by `headrace setup --gpu`
# (from PyPI, with pip), in the image user's cache; the provider libraries are linked beside onnxruntime-node's.
# Run it as `worker --queue gpu` on a node with an NVIDIA GPU and driver (deploy/kubernetes/worker-gpu.yaml).
FROM runtime AS gpu
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pip ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && node bin/headrace.js setup --gpu \
 && rm -rf /home/headrace/.cache/headrace/temporal-* \
 && chown -R headrace:headrace /home/headrace/.cache
USER 10001:10001
