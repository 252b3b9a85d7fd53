# The mentoring bot as an image: `docker build -t mentor-bot .`, then configure it only from the
# environment (see README, "Deploying"). Two stages: the build stage installs the pinned dependencies into
# a virtual environment with scripts/install (the same script `make run` and `make test` use); the final
# stage copies that environment alone, runs as an unprivileged user and has no compilers.
FROM python:3.11-slim AS build
WORKDIR /src
COPY requirements.lock pyproject.toml README.md ./
COPY scripts ./scripts
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN PIP_NO_CACHE_DIR=1 scripts/install /opt/venv image

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin mentor
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    PORT=3000
USER 10001
WORKDIR /home/mentor
EXPOSE 3000
# 200 once the bot is ready (HTTP mode), or while its socket to Slack is connected (Socket Mode).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '3000') + '/healthz', timeout=4)"]
ENTRYPOINT ["mentor-bot"]
CMD ["serve"]
