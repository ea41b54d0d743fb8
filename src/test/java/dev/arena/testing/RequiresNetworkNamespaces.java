package dev.arena.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.File;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Marks a test class that builds network namespaces and runs a Docker daemon of its own inside
 * one: it needs root and the commands {@link Check#COMMANDS}. Without them the class is skipped
 * on a developer machine but fails under CI ({@code CI=true}), as {@link RequiresDocker} does.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresNetworkNamespaces.Check.class)
public @interface RequiresNetworkNamespaces {
    final class Check implements BeforeAllCallback {
        /** By command name, as .ci/run installs them. */
        public static final List<String> COMMANDS = List.of("ip", "nsenter", "iptables", "iptables-nft", "dockerd", "docker",
                "python3", "bash", "timeout", "tar", "ldd");

        @Override
        public void beforeAll(ExtensionContext context) {
            Requirement.check(problem());
        }

        private static String problem() {
            if (!"root".equals(System.getProperty("user.name"))) {
                return "network namespaces and a second Docker daemon need root (running as " + System.getProperty("user.name") + ")";
            }
            List<String> missing = new ArrayList<>();
            for (String c : COMMANDS) {
                if (!onPath(c)) {
                    missing.add(c);
                }
            }
            return missing.isEmpty() ? null : "missing commands: " + String.join(", ", missing)
                    + " (Debian: iproute2, util-linux, iptables, docker.io, python3)";
        }

        private static boolean onPath(String command) {
            String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                    return true;
                }
            }
            return false;
        }
    }
}
