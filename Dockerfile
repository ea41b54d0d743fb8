# The evaluator image: a small Java runtime and arena's fat jar. Each pod of a cluster run starts
# `arena evaluate --run RUN_ID`; the Docker daemon it drives is the pod's sidecar, not in here.
# `arena deploy` builds it (for linux/amd64) from a context holding this file and target/arena.jar.
ARG BASE_IMAGE=eclipse-temurin:17-jre
FROM ${BASE_IMAGE}
# An unprivileged user (uid/gid 10001, matching runAsUser in k8s-templates/job.yaml). Written
# directly into passwd/group so it works on any base image with a shell (no useradd needed).
RUN if ! grep -q '^arena:' /etc/group; then echo 'arena:x:10001:' >> /etc/group; fi \
    && if ! grep -q '^arena:' /etc/passwd; then echo 'arena:x:10001:10001:arena:/home/arena:/usr/sbin/nologin' >> /etc/passwd; fi \
    && mkdir -p /home/arena && chown 10001:10001 /home/arena && chmod 0750 /home/arena
COPY target/arena.jar /opt/arena/arena.jar
USER 10001:10001
WORKDIR /home/arena
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/arena/arena.jar"]
