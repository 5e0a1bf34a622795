# byoc-bot: type-checked and compiled with tsc in a build stage, so a type error cannot ship; the image runs plain
# node on the compiled output (nothing compiles at run time). Node 22 is a supported LTS line
# (https://nodejs.org/en/about/previous-releases). Run it with an init process (`init: true` in docker-compose.yml,
# `docker run --init`) so signals reach node and exited children are reaped.

FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
# The build config leaves the tests out; the compiled tree keeps the source layout (dist/src, dist/commands,
# dist/jobs), and the YAML files the code reads (scenarios, the sandbox access file) are copied beside it.
RUN npm run build

FROM node:22-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:22-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node package.json ./
COPY --from=build --chown=node:node /app/dist ./dist
# The image's own user, never root.
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec form: SIGTERM reaches node directly, which drains jobs and exits 0.
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["--role", "all"]
