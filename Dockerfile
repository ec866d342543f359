# Build stage: npm installs the locked dependencies (the lockfile is npm's), compiles the WASM
# audio core and bundles the console (the sources and tsconfig are needed for that: the console
# shares a few pure modules with the server); dev-only
# packages are then pruned. Node 20 and its npm 10 meet the engines in package.json.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY wasm ./wasm
COPY src ./src
RUN npm ci --no-audit --no-fund && npm prune --omit=dev \
  # PDF exports embed only the regular weight of the CJK font packages (209 MB → 23 MB).
  && find node_modules/@expo-google-fonts -type f \( -name '*.png' -o \( -name '*.ttf' ! -name '*_400Regular.ttf' \) \) -delete
COPY . .

# Run stage: the official Bun image at the locked `bun` devDependency's version (a test checks
# they agree), as its unprivileged user.
FROM oven/bun:1.4.5-slim
WORKDIR /app
ENV NODE_ENV=production PORT=8080 DATA_DIR=/data DATABASE_URL=file:/data/astra.db
COPY --from=build --chown=bun:bun /app /app
RUN mkdir -p /data && chown bun:bun /data
USER bun
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["bun", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["bun", "src/main.ts"]
