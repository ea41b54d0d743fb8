package dev.arena.agent.gladiator;

import dev.arena.sandbox.ExecResult;
import dev.arena.sandbox.Sandbox;
import dev.arena.sandbox.SandboxException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;

/**
 * The tools' view of the sandbox: paths relative to /app (never outside it), exact UTF-8 reads
 * and writes, and commands that never outlive the agent's time. File contents travel through
 * {@link Sandbox#writeFile}, never through a shell, so quotes and heredocs in them are safe.
 */
final class Workspace {
    private static final String ROOT = Sandbox.WORKDIR;

    private final Sandbox sandbox;
    private final GladiatorConfig config;
    private final Instant stopAt;

    Workspace(Sandbox sandbox, GladiatorConfig config, Instant stopAt) {
        this.sandbox = sandbox;
        this.config = config;
        this.stopAt = stopAt;
    }

    GladiatorConfig config() {
        return config;
    }

    Sandbox sandbox() {
        return sandbox;
    }

    /** The absolute container path of {@code given} (relative to /app, or absolute under it). */
    static String path(String given) throws ToolException {
        String p = given == null ? "" : given.strip();
        if (p.equals(ROOT) || p.startsWith(ROOT + "/")) {
            p = p.substring(ROOT.length());
        } else if (p.startsWith("/")) {
            throw new ToolException("path " + given + " is outside " + ROOT + "; give paths relative to " + ROOT);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new ToolException("path " + given + " leads outside " + ROOT);
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? ROOT : ROOT + "/" + String.join("/", parts);
    }

    /** {@code absolute} as the model should read it: relative to /app. */
    static String shown(String absolute) {
        return absolute.equals(ROOT) ? "." : absolute.substring(ROOT.length() + 1);
    }

    /** Runs a command in /app with {@code timeout}, cut short so it ends before the agent's time is up. */
    ExecResult exec(String command, Duration timeout) throws ToolException, InterruptedException {
        Duration left = Duration.between(Instant.now(), stopAt);
        if (left.toSeconds() < 1) {
            throw new ToolException("no time is left for commands in this attempt");
        }
        try {
            return sandbox.exec(command, left.compareTo(timeout) < 0 ? left : timeout);
        } catch (SandboxException e) {
            throw new ToolException("the sandbox could not run the command: " + e.getMessage());
        }
    }

    /** The text of a regular file; refuses folders, missing files and files that are not UTF-8 text. */
    String readText(String absolute) throws ToolException, InterruptedException {
        ExecResult kind = exec("if [ -f " + quote(absolute) + " ]; then echo file; elif [ -e " + quote(absolute)
                + " ]; then echo other; else echo missing; fi", Duration.ofSeconds(30));
        switch (kind.stdout().strip()) {
            case "file" -> { }
            case "missing" -> throw new ToolException("file not found: " + shown(absolute));
            default -> throw new ToolException(shown(absolute) + " is not a regular file");
        }
        byte[] bytes;
        try {
            bytes = sandbox.readFile(absolute);
        } catch (SandboxException e) {
            throw new ToolException("cannot read " + shown(absolute) + ": " + e.getMessage());
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (text.indexOf('\0') >= 0) {
                throw new ToolException(shown(absolute) + " is a binary file");
            }
            return text;
        } catch (CharacterCodingException e) {
            throw new ToolException(shown(absolute) + " is not UTF-8 text");
        }
    }

    /**
     * Writes {@code text} to a file, creating its folders. The bytes go to a scratch file first
     * and are copied over the target with {@code cat}, which keeps an existing file's mode (an
     * executable script stays executable, so the diff shows no mode change).
     */
    void writeText(String absolute, String text) throws ToolException, InterruptedException {
        String scratch = "/tmp/arena-write-" + UUID.randomUUID();
        try {
            sandbox.writeFile(scratch, text.getBytes(StandardCharsets.UTF_8));
        } catch (SandboxException e) {
            throw new ToolException("cannot write " + shown(absolute) + ": " + e.getMessage());
        }
        String dir = absolute.substring(0, absolute.lastIndexOf('/'));
        ExecResult r = exec("mkdir -p " + quote(dir) + " && cat " + quote(scratch) + " > " + quote(absolute) + "; rc=$?; rm -f "
                + quote(scratch) + "; exit $rc", Duration.ofSeconds(60));
        if (!r.ok()) {
            throw new ToolException("cannot write " + shown(absolute) + ": " + r.output().strip());
        }
    }

    /** Single-quotes a word for sh; only for paths and patterns arena puts into its own commands. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** {@code text} cut to the output limit: head and tail kept, with a note on what was left out. */
    String cap(String text) {
        return cap(text, config.outputLimit());
    }

    static String cap(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int head = limit * 2 / 3;
        int tail = limit - head;
        return text.substring(0, head) + "\n\n[output truncated: " + (text.length() - limit) + " of " + text.length()
                + " characters cut here]\n\n" + text.substring(text.length() - tail);
    }
}
