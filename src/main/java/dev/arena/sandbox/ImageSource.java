package dev.arena.sandbox;

import dev.arena.dataset.BuildContext;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a dataset's image is built from: the context (the dataset without {@code tasks/}), its
 * Dockerfile and the build arguments. {@code name} is the dataset's, used to name the image.
 */
public record ImageSource(String name, BuildContext context, Path dockerfile, Map<String, String> buildArgs) {
    public ImageSource {
        buildArgs = Map.copyOf(buildArgs);
    }
}
