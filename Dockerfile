# syntax=docker/dockerfile:1
# The Node image is a build argument so a machine without a registry can build from a local one
# (local-stack/docker/docker.sh service); everyone else gets the official image.
ARG NODE_IMAGE=node:20-bookworm-slim

# Build stage: compile TypeScript with the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies them (patch-package); README "Performance" says why each exists.
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
RUN npx nest build && npm prune --omit=dev

# Runtime stage: production dependencies, compiled code and index mappings only, as a non-root user.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
COPY --chown=node:node index-mappings ./index-mappings
COPY --chown=node:node schemas ./schemas
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:3000/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The young generation as `npm start` sizes it (README "Performance": fewer, shorter scavenges).
CMD ["node", "--max-semi-space-size=64", "dist/main.js"]
