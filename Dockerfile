# The API image used by docker-compose.yml. Build: docker build -t staygraph .
# Node 20 (>= 20.19, as package.json's engines say) on Debian bookworm, whose chromium package renders the
# PDF confirmations: without it every confirmation email fails and is retried until it is dead.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# chromium for PDFs (puppeteer-core downloads no browser); fonts-dejavu-core so text renders without
# the desktop font set; tini as PID 1, so signals reach node and Chromium's exited children are reaped.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-dejavu-core tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium \
    DATA_DIR=/app/.data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
COPY package.json ./
# DATA_DIR holds the record of the running Chromium (and .eml files when SendGrid is not configured).
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 4000
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
