# The lab's two programs from one build: `app` (the Koa service) and `chaos` (the fault injector).
#   docker build --target app .      (docker-compose.yml builds both)
# NODE_IMAGE=simplerr-lab/node:24-local where no image registry is reachable (make ... IMAGES=local).
# Plain multi-stage syntax on purpose: it builds with the legacy builder too (compose v2 without buildx).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /lab
# Dependencies first: this layer is reused until package.json or package-lock.json changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Sources: only what .dockerignore lets in (package files, tsconfig*, lib/, app/, chaos/; not drill/, which runs on the host).
COPY . .
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /lab
COPY --from=build /lab/package.json ./
COPY --from=build /lab/node_modules ./node_modules
COPY --from=build /lab/dist ./dist

# The chaos image carries iptables (its own base layer, cached across code changes): partition runs it
# from a short-lived helper container of this image, with NET_ADMIN in the db container's network
# namespace. The chaos container itself has no capability and never runs it.
FROM ${NODE_IMAGE} AS chaos
RUN apt-get update \
 && apt-get install -y --no-install-recommends iptables \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /lab
COPY --from=build /lab/package.json ./
COPY --from=build /lab/node_modules ./node_modules
COPY --from=build /lab/dist ./dist
# Runs as root: restart-db and db-down talk to the Docker Engine through the mounted
# /var/run/docker.sock, which only root (or the host's docker group) may open. Root without any
# capability (docker-compose.yml drops them all): it opens the socket as its owner.
CMD ["node", "dist/chaos/src/main.js"]

# Last, so a plain `docker build .` gives the app.
FROM runtime AS app
COPY --from=build /lab/app/public ./app/public
USER node
EXPOSE 8080
CMD ["node", "dist/app/src/server.js"]
