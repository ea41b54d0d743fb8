# The evaluator image: a small Java runtime and arena's fat jar. Each pod of a cluster run starts
# `arena evaluate --run RUN_ID`; the Docker daemon it drives is the pod's sidecar, not in here.
# `arena deploy` builds it (for linux/amd64) from a context holding this file and target/arena.jar.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
COPY target/arena.jar /opt/arena/arena.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/arena/arena.jar"]
