# The evaluator image: a small Java runtime and arena's fat jar. Each pod of a cluster run starts
# `arena evaluate --run RUN_ID`; the Docker daemon it drives is the pod's sidecar, not in here.
# Build context: target/arena.jar must exist (mvn -B package).
FROM eclipse-temurin:17-jre
COPY target/arena.jar /opt/arena/arena.jar
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/arena/arena.jar"]
