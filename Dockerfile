# syntax=docker/dockerfile:1
# Image of boomi-flow-loader: the loader service and, with --spring.profiles.active=simulator,
# the Boomi Flow simulator. Build: docker build -t boomi-flow-loader:local .
#
# The runtime stage runs the application from Spring Boot's extracted layers (dependencies change
# rarely, the application often) in the CDS-friendly layout (app.jar + lib/), with a Class Data
# Sharing archive made by a training run at build time, as a non-root user, writing nothing but
# /tmp, so it runs with a read-only root filesystem. LayeredLaunchIT replays this file's
# extract/COPY/CDS/ENTRYPOINT steps; bench/run.sh runs the loader the same way.

ARG JDK_IMAGE=eclipse-temurin:17-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17-jre-jammy

FROM ${JDK_IMAGE} AS build
WORKDIR /workspace
# Resolve the build's dependencies in their own layer, so editing sources does not refetch them.
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q dependency:go-offline
COPY src/main/ src/main/
# Tests and the format check run in CI (./mvnw verify); the image build only packages.
RUN ./mvnw -B -q -Dmaven.test.skip=true -Dspotless.check.skip=true package \
 && cp target/boomi-flow-loader-*.jar app.jar
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM ${JRE_IMAGE}
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="boomi-flow-loader" \
      org.opencontainers.image.description="Loads Boomi Flow (ManyWho) API data into PostgreSQL, dlt-compatible, as a multi-tenant service" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.vendor="flowloader" \
      org.opencontainers.image.base.name="${JRE_IMAGE}"

# A fixed numeric uid/gid so Kubernetes' runAsNonRoot can verify it without a passwd lookup.
RUN groupadd --system --gid 10001 flowloader \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin flowloader

WORKDIR /app
# Least to most frequently changing, one layer each (names from `list-layers`).
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./

# Heap follows the container's memory limit; the serial collector suits a live heap of tens of
# MB, and a 64 MB young generation spares loads most of the collections of its small default.
# The default tiered JIT: the image runs an always-on service, whose loads C2 makes faster once
# it is warm; a one-shot run (the CronJob) uses less CPU with C1 only (-XX:TieredStopAtLevel=1).
# Figures in bench/README.md. The Helm chart's javaToolOptions and docker-compose.yml repeat
# these options, since setting JAVA_TOOL_OPTIONS replaces them.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+UseSerialGC -Xmn64m -XX:+ExitOnOutOfMemoryError"
# CDS training run: the one-shot loader doing a real load, then the classes it loaded are archived
# in app.jsa, which start-up maps instead of loading and verifying them again. A real load, not
# just start-up, so the archive also holds the classes of Flyway, the pool and the JDBC driver
# talking to a database, and of the load path (HTTP client, JSON, normalizer, COPY). The demo
# profile brings what that needs inside the build: the simulator in-process and an embedded
# PostgreSQL, which refuses to run as root: this one command runs as the image's user, owning
# /app meanwhile to write the archive there. /tmp is left empty. Should the embedded database not
# start in some build environment, the image still builds, with the older start-up-only training
# (the context refreshed, then stopped; no database needed): slower start-up, same behaviour.
RUN chown 10001:10001 . \
 && (setpriv --reuid=10001 --regid=10001 --clear-groups \
      java -XX:ArchiveClassesAtExit=app.jsa -jar app.jar --spring.profiles.active=demo --flowloader.run-once=true --spring.main.web-application-type=none \
     || (echo "CDS training load failed: archiving start-up only" \
         && setpriv --reuid=10001 --regid=10001 --clear-groups \
              java -XX:ArchiveClassesAtExit=app.jsa -Dspring.context.exit=onRefresh -jar app.jar --flowloader.run-once=true --spring.main.web-application-type=none --spring.flyway.enabled=false)) \
 && chown root:root . app.jsa \
 && find /tmp -mindepth 1 -delete

USER 10001:10001
EXPOSE 8080 8081
# Relative paths: the archive records the class path as given, so run from WORKDIR /app.
ENTRYPOINT ["java", "-Djava.io.tmpdir=/tmp", "-XX:SharedArchiveFile=app.jsa", "-jar", "app.jar"]
