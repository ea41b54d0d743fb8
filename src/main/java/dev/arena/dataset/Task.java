package dev.arena.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One task of a dataset: its id (the folder name under {@code tasks/}) and that folder. */
public record Task(String id, Path dir) {
    public static final String DESCRIPTION_FILE = "task_description.txt";
    public static final String GOLD_DIFF_FILE = "task_diff.txt";

    public Path descriptionFile() {
        return dir.resolve(DESCRIPTION_FILE);
    }

    public Path goldDiffFile() {
        return dir.resolve(GOLD_DIFF_FILE);
    }

    /** The description's text; a symbolic link in its place is not followed but refused. */
    public String readDescription() throws IOException {
        return new String(readNoFollow(descriptionFile()), StandardCharsets.UTF_8);
    }

    /** The gold diff's bytes; a symbolic link in its place is not followed but refused. */
    public byte[] readGoldDiff() throws IOException {
        return readNoFollow(goldDiffFile());
    }

    /**
     * A task file's bytes, opened without following a link in its place (O_NOFOLLOW): a dataset
     * file must not be a way to read the evaluator's own files.
     */
    static byte[] readNoFollow(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(file + " is not a regular file" + (Files.isSymbolicLink(file) ? " (a symbolic link)" : ""));
        }
        try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            return in.readAllBytes();
        }
    }
}
