# msconvert itself, as a small image:
#   docker build -t msconvert .
#   docker run --rm -v "$PWD:/work" msconvert [paths..] [flags]
# The builder installs every dependency and compiles the TypeScript; the runtime stage keeps
# the compiled code, the data files and the production dependencies only.
FROM node:20 AS builder
WORKDIR /opt/msconvert
COPY package.json package-lock.json ./
# Scripts are off here: `prepare` would build before the sources are copied.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.js ./scripts/
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-slim
LABEL org.opencontainers.image.title="msconvert" \
      org.opencontainers.image.description="Turn single-stage Dockerfiles into multi-stage ones" \
      org.opencontainers.image.source="https://github.com/msconvert/msconvert" \
      org.opencontainers.image.licenses="MIT"
ENV NODE_ENV=production
WORKDIR /opt/msconvert
COPY --from=builder /opt/msconvert/package.json ./
COPY --from=builder /opt/msconvert/node_modules ./node_modules
COPY --from=builder /opt/msconvert/dist ./dist
COPY bin ./bin
COPY data ./data
WORKDIR /work
ENTRYPOINT ["node", "/opt/msconvert/bin/msconvert.js"]
