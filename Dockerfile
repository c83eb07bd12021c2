# The Keyframe proxy alone, in live mode (README, "Deploying the proxy"): no plugin build, no playground.
# Only the runtime dependencies are installed, and only the files the proxy imports are copied in
# (test/proxy/packaging.test.ts checks both against the import graph and the README).
FROM node:22-slim

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY src/proxy ./src/proxy
COPY src/kling ./src/kling
COPY src/error-message.ts src/manifest-hosts.js src/messages.ts src/proxy-answers.ts src/stored-json.ts ./src/
COPY src/playground/playground-setting.ts ./src/playground/

# State lives in DATA_DIR (or PostgreSQL with DATABASE_URL); mount a volume here for one instance.
RUN mkdir -p /data && chown node:node /data
VOLUME /data

# The image's own unprivileged user.
USER node
ENV HOST=0.0.0.0 PORT=8787 DATA_DIR=/data
EXPOSE 8787

HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8787) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

CMD ["node", "--import", "tsx", "src/proxy/cli.ts"]
