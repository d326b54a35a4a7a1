# The timmy-loop worker image: `java -jar timmy.jar worker`.
#
# Only for a remote-forge setup (docker-compose.yml, profile `worker`). The usual setup runs
# `./timmy worker` on the host, because the worker drives local tmux panes and creates git worktrees in
# the local repository. In this image the repository, the worktrees and the tmux server are the
# container's own, and the coding agent (kimi by default) is NOT installed: extend this image with it,
# e.g. `FROM timmy-loop-worker:0.1.0-SNAPSHOT` + `RUN ...`, and set TIMMY_AGENT_COMMAND.
#
#   docker build -t timmy-loop-worker:0.1.0-SNAPSHOT .

# ---- build: the shaded jar starter/target/timmy.jar ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# The poms first, so the dependency download is a layer of its own that survives source edits.
# go-offline cannot resolve the project's own modules before they are built, hence `|| true`: what it
# fetched stays in the layer, and the package step below fetches whatever is left.
COPY pom.xml ./
COPY sandbox/pom.xml sandbox/
COPY activities/pom.xml activities/
COPY workflows/pom.xml workflows/
COPY worker/pom.xml worker/
COPY starter/pom.xml starter/
COPY bench/pom.xml bench/
RUN mvn -B -ntp -q --fail-never dependency:go-offline || true

# Everything else (a .dockerignore with target/ keeps stale build output out of the context).
COPY . .
# Tests run in CI (`mvn -B verify`), not in the image build: they need tmux, tox and git identities.
RUN mvn -B -ntp -pl starter -am -DskipTests package \
 && cp starter/target/timmy.jar /timmy.jar

# ---- run ----
FROM eclipse-temurin:17-jre

# What the activities run as real programs: git (worktrees, commits through hooks, push), tmux (the agent
# panes), python3 and tox (the repository's tests). Debian/Ubuntu packages; no PyPI at run time.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates git openssh-client tmux python3 tox \
 && rm -rf /var/lib/apt/lists/*

# A plain user; its uid should own the mounted repository and worktree folders on the host.
ARG TIMMY_UID=1000
RUN existing="$(getent passwd "$TIMMY_UID" | cut -d: -f1)" \
 && if [ -n "$existing" ]; then userdel "$existing"; fi \
 && useradd --create-home --uid "$TIMMY_UID" --shell /bin/bash timmy \
 && mkdir -p /home/timmy/repo /home/timmy/worktrees \
 && chown -R timmy:timmy /home/timmy
USER timmy
WORKDIR /home/timmy
# A fresh container has no git identity; commits made by the loop need one.
RUN git config --global user.name "Timmy loop" \
 && git config --global user.email "timmy-loop@localhost" \
 && git config --global init.defaultBranch main

COPY --from=build /timmy.jar /opt/timmy/timmy.jar

ENV TIMMY_TEMPORAL_ADDRESS=temporal:7233 \
    TIMMY_METRICS_PORT=9464 \
    TIMMY_REPO_PATH=/home/timmy/repo \
    TIMMY_WORKTREE_ROOT=/home/timmy/worktrees
EXPOSE 9464

# Healthy when /metrics listens (bash's /dev/tcp: the JRE image has no curl guarantee).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/9464' || exit 1

ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "-Xmx512m", "-jar", "/opt/timmy/timmy.jar"]
CMD ["worker"]
