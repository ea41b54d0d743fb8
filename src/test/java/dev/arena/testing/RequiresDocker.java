package dev.arena.testing;

import dev.arena.sandbox.DockerEngine;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs the Docker engine and the local base image. Without them the
 * class is skipped on a developer machine but fails under CI ({@code CI=true}), so a CI run can
 * never pass by skipping.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Check.class)
public @interface RequiresDocker {
    final class Check implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            Requirement.check(problem());
        }

        private static String problem() {
            try (DockerEngine engine = DockerEngine.connect()) {
                String base = TestImages.baseImage();
                if (!engine.images().exists(base)) {
                    return "the base image " + base + " is missing: run `bash scripts/local-base-image.sh`";
                }
                return null;
            } catch (RuntimeException e) {
                return "Docker is not reachable: " + e.getMessage();
            }
        }
    }
}
