package dev.arena.k8s;

import dev.arena.ArenaException;
import dev.arena.ExitCode;
import io.kubernetes.client.util.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the YAML skeletons of {@code k8s-templates/} into the client's typed models. An
 * operator's edited copy in the working directory wins over the one bundled into the jar.
 */
public final class Templates {
    public static final String FOLDER = "k8s-templates";

    private final Path folder;

    public Templates(Path folder) {
        this.folder = folder;
    }

    /** The folder in the working directory (used only when it exists), else the jar's copy. */
    public static Templates standard() {
        return new Templates(Path.of(FOLDER));
    }

    public <T> T load(String file, Class<T> type) {
        String yaml = read(file);
        try {
            return Yaml.loadAs(yaml, type);
        } catch (RuntimeException e) {
            throw new ArenaException(ExitCode.USAGE, "template " + file + " is not a valid " + type.getSimpleName()
                    + ": " + e.getMessage(), e);
        }
    }

    private String read(String file) {
        Path onDisk = folder.resolve(file);
        try {
            if (Files.isRegularFile(onDisk)) {
                return Files.readString(onDisk);
            }
            try (InputStream in = Templates.class.getResourceAsStream("/" + FOLDER + "/" + file)) {
                if (in == null) {
                    throw new ArenaException(ExitCode.INTERNAL, "template " + file + " is missing from the jar and from " + folder);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot read template " + file + ": " + e.getMessage(), e);
        }
    }
}
