# The Rehearsal daemon's image: the dashboard module's runnable jar on a Java 17 runtime, run as an
# unprivileged user. Build from the repository's root:
#
#   docker build -t <registry>/rehearsal:<version> .
#
# The Helm chart in helm/rehearsal runs it with a read-only root filesystem: the daemon writes only to
# /tmp (an emptyDir there), and its configuration is mounted at /etc/rehearsal.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The cache mount (BuildKit) keeps the downloaded dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -DskipTests package -pl dashboard -am \
    && cp dashboard/target/dashboard-*-exec.jar /src/rehearsal.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 rehearsal \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin rehearsal
WORKDIR /app
COPY --from=build /src/rehearsal.jar /app/rehearsal.jar
# Numeric, so that Kubernetes can check runAsNonRoot without a passwd lookup.
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/rehearsal.jar"]
