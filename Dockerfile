# syntax=docker/dockerfile:1
#
# mlctl in a container, serving registered models: `mlctl serve --pull` is the entry point.
# Build:  docker build -t mlctl:0.1.0 .
# Run:    docker run --rm -p 8080:8080 -v "$PWD:/project" \
#           -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY mlctl:0.1.0 iris@production
# The arguments after the image name are the models to serve and any other `mlctl serve` option
# (see docs/deploy.md); /project is the mlctl project (a Git clone) whose registry names them.

# --- build: the same `mvn package` as a developer's, then the release tarball unpacked ---
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so only changed dependencies are downloaded again.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package \
 && mkdir -p /opt/mlctl \
 && tar -xzf mlctl-cli/target/mlctl-*.tar.gz -C /opt/mlctl --strip-components=1

# --- run: a JRE, mlctl, curl for the health check, and nothing else ---
FROM eclipse-temurin:17-jre
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 mlctl \
 && useradd --system --uid 10001 --gid 10001 --create-home --home-dir /home/mlctl mlctl \
 && mkdir /project \
 && chown 10001:10001 /project
COPY --from=build /opt/mlctl /opt/mlctl
# A server starts once: the class-data archive the launcher would build in the background saves
# nothing worth a process at start-up, nor a write to the home folder.
ENV PATH=/opt/mlctl/bin:$PATH \
    MLCTL_NO_CDS=1 \
    MLCTL_JAVA_OPTS="-XX:MaxRAMPercentage=75"
# A numeric user, so Kubernetes' runAsNonRoot can check it is not root.
USER 10001:10001
WORKDIR /project
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health || exit 1
# All interfaces inside the container: the published port reaches nothing on loopback.
ENTRYPOINT ["mlctl", "serve", "--pull", "--host", "0.0.0.0", "--port", "8080"]
