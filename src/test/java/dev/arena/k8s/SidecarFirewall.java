package dev.arena.k8s;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Job;

import java.nio.file.Path;
import java.util.List;

/**
 * The docker-daemon sidecar's script and probe exactly as {@code k8s-templates/job.yaml} carries
 * them, read through the same typed model arena builds the Job from, so the tests run what the
 * Job runs.
 */
record SidecarFirewall(V1Container sidecar, String script, List<String> startupProbe, List<String> readinessProbe) {
    static final List<String> METADATA = List.of("169.254.169.254/32", "169.254.169.252/32");

    static SidecarFirewall fromTemplate() {
        V1Job job = new Templates(Path.of(Templates.FOLDER)).load(JobManifest.TEMPLATE, V1Job.class);
        V1Container c = job.getSpec().getTemplate().getSpec().getInitContainers().stream()
                .filter(x -> JobManifest.SIDECAR.equals(x.getName())).findFirst().orElseThrow();
        if (!List.of("/bin/sh", "-c").equals(c.getCommand()) || c.getArgs().size() != 1) {
            throw new IllegalStateException("the sidecar is no longer `/bin/sh -c SCRIPT`: " + c.getCommand() + " " + c.getArgs());
        }
        return new SidecarFirewall(c, c.getArgs().get(0), c.getStartupProbe().getExec().getCommand(),
                c.getReadinessProbe().getExec().getCommand());
    }

    /** The probe's shell text (the probe is {@code /bin/sh -c TEXT}). */
    String probeScript() {
        if (startupProbe.size() != 3 || !startupProbe.subList(0, 2).equals(List.of("/bin/sh", "-c"))) {
            throw new IllegalStateException("the startup probe is no longer `/bin/sh -c TEXT`: " + startupProbe);
        }
        return startupProbe.get(2);
    }
}
