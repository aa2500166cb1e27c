# The query-service (reads, port 8081). Build from the repository root:
#   docker build -f docker/query-service.Dockerfile -t idm/query-service .
# or with docker/docker-compose.yml. Tests are not run here: CI runs them (mvn -B verify).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
# The whole reactor (every module's pom must be there); the .dockerignore beside this file keeps target/, data/
# and .git out of the context. `clean` also discards any target/ that a builder without it copied in.
COPY . .
RUN mvn -B -q -pl query-service -am clean package -DskipTests \
 && cp query-service/target/query-service-*.jar /build/app.jar

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 idm \
 && useradd --system --uid 10001 --gid idm --home-dir /app --shell /usr/sbin/nologin idm \
 && mkdir -p /app/data \
 && chown -R idm:idm /app
WORKDIR /app
COPY --from=build --chown=idm:idm /build/app.jar /app/app.jar
USER idm
# The embedded database's directory, used only when IDM_DB_URL is not set.
ENV PORT=8081 \
    IDM_DATA_DIR=/app/data
EXPOSE 8081
# No curl in the image: bash asks /actuator/health itself.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=5 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /actuator/health HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '\"status\":\"UP\"' <&3"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
