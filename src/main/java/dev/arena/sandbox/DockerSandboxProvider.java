package dev.arena.sandbox;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** Sandboxes as containers of one Docker engine; images built there from the dataset or pulled by digest. */
public final class DockerSandboxProvider implements SandboxProvider {
    private final DockerEngine engine;

    /** Takes ownership of {@code engine}: closing the provider closes it. */
    public DockerSandboxProvider(DockerEngine engine) {
        this.engine = engine;
    }

    /** The engine found by {@link DockerEngine#connect()}. */
    public static DockerSandboxProvider connect() {
        return new DockerSandboxProvider(DockerEngine.connect());
    }

    /** Waits up to {@code wait} for an engine: a pod's sidecar daemon may still be starting. */
    public static DockerSandboxProvider connect(Duration wait) throws InterruptedException {
        return new DockerSandboxProvider(DockerEngine.connect(wait));
    }

    @Override
    public BuiltImage build(ImageSource source, Duration timeout) throws InterruptedException {
        return engine.images().ensure(source.name(), source.context(), source.dockerfile(), source.buildArgs(), timeout);
    }

    @Override
    public boolean pull(String reference, Supplier<RegistryLogin> login) throws InterruptedException {
        return engine.transfer().pull(reference, login, line -> { });
    }

    @Override
    public String derive(SandboxSpec spec, String command, Duration timeout) throws InterruptedException {
        return engine.derived().derive(spec, command, timeout);
    }

    @Override
    public Sandbox start(SandboxSpec spec) {
        return engine.start(spec);
    }

    @Override
    public StagedSandbox startStaged(SandboxSpec spec, String prepare, String run) {
        return engine.startStaged(spec, prepare, run);
    }

    @Override
    public SandboxNetwork network(String name, Map<String, String> labels) {
        return engine.network(name, labels);
    }

    @Override
    public int removeAll(Map<String, String> labels) {
        int containers = engine.removeContainers(labels);
        engine.removeNetworks(labels); // after the containers: a network in use cannot go
        return containers;
    }

    @Override
    public void close() {
        engine.close();
    }
}
