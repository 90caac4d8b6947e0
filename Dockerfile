# The bot in a container: slim Python 3.11, a non-root user, the data folder (database,
# kept files, backups) on a volume. Settings come from the environment (see .env.example);
# `docker compose up -d` with compose.yaml is the usual way in. With no chat platform set
# yet it stays up and /health answers 503 saying what is missing (so: "unhealthy").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The user by number (USER 10001 below), so Kubernetes' runAsNonRoot can check it.
RUN groupadd --gid 10001 bot \
    && useradd --create-home --uid 10001 --gid 10001 bot \
    && mkdir /data && chown bot:bot /data

WORKDIR /app
# policy.toml, if `beneficiary-bot init` imported one beside .env (BOT_POLICY=policy.toml).
COPY pyproject.toml README.md policy.toml* ./
COPY bot ./bot
COPY conversations ./conversations
COPY locales ./locales
RUN pip install . && rm -rf /app/build

ENV BOT_DATABASE=/data/bot.sqlite3 \
    BOT_BACKUP_FOLDER=/data/backups \
    BOT_HOST=0.0.0.0 \
    BOT_PORT=8080

USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f\"http://127.0.0.1:{os.environ.get('BOT_PORT', '8080')}/health\", timeout=4)"]

CMD ["beneficiary-bot", "run"]
