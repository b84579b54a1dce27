# wacall's images, one per runnable module (docker-compose.yml passes the build args):
#   worker    MODULE=worker    MAIN_CLASS=io.wacall.app.WorkerApplication    PORT=8081  MANAGEMENT_PORT=8081
#   api       MODULE=api       MAIN_CLASS=io.wacall.app.ApiApplication       PORT=8080  MANAGEMENT_PORT=8081
#   sandbox   MODULE=embedded  MAIN_CLASS=io.wacall.app.EmbeddedApplication  PORT=8080  MANAGEMENT_PORT=8081
# PORT is the application's port (server.port), MANAGEMENT_PORT actuator's (management.server.port:
# health, probes, metrics, Prometheus). The worker has no API: both are its one port.
# Build context: the repository root (deploy/app.Dockerfile.dockerignore keeps .env, target/ and
# .git out of it). Needs BuildKit (Docker Engine 23+, docker compose v2) for the Maven cache.
#
# The image runs the module's main class on a plain classpath, in two layers: third-party
# libraries (change rarely) and wacall's own jars (change every build).

# ---- build: the Maven wrapper builds the module and what it needs, tests skipped (CI ran them)
FROM eclipse-temurin:17.0.16_8-jdk-noble AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" || { echo "build arg MODULE is required" >&2; exit 1; }; \
    ./mvnw -B -q -DskipTests package dependency:copy-dependencies -pl "${MODULE}" -am \
       -DincludeScope=runtime \
    && sh deploy/pack-classpath.sh "${MODULE}" /out

# ---- runtime: a JRE, a non-root user, the jars
FROM eclipse-temurin:17.0.16_8-jre-noble
ARG MAIN_CLASS
ARG PORT=8080
ARG MANAGEMENT_PORT=8081
RUN groupadd --system --gid 10001 wacall \
    && useradd --system --uid 10001 --gid wacall --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin wacall
WORKDIR /app
COPY --from=build /out/lib/ /app/lib/
COPY --from=build /out/app/ /app/lib/
# SERVER_PORT is Spring Boot's server.port, MANAGEMENT_SERVER_PORT its management.server.port; the
# health check follows the latter when it is overridden.
# JAVA_OPTS: JVM flags for the entrypoint (heap sized from the container's memory limit).
ENV MAIN_CLASS=${MAIN_CLASS} \
    SERVER_PORT=${PORT} \
    MANAGEMENT_SERVER_PORT=${MANAGEMENT_PORT} \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE ${PORT} ${MANAGEMENT_PORT}
USER 10001:10001
# Healthy = alive (liveness) and ready for traffic (readiness), asked on the management port from
# inside the container (127.0.0.1: the embedded profile binds it to loopback); depends_on
# service_healthy and load balancers rely on it.
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${MANAGEMENT_SERVER_PORT}/actuator/health/liveness" \
     && curl -fsS -o /dev/null "http://127.0.0.1:${MANAGEMENT_SERVER_PORT}/actuator/health/readiness" \
     || exit 1
ENTRYPOINT ["/bin/sh", "-c", "exec java $JAVA_OPTS -cp '/app/lib/*' \"$MAIN_CLASS\" \"$@\"", "wacall"]
