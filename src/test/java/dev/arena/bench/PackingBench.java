package dev.arena.bench;

import dev.arena.dataset.DatasetArchive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * How fast {@link DatasetArchive#pack} is against {@code tar czf} of the same folder, both at
 * gzip's default level: on a generated folder of mixed text files and on each bundled dataset.
 * The two alternate round by round so the machine's noise hits both. Run with bench/run-storage.sh.
 */
public final class PackingBench {
    private static final List<String> WORDS = List.of("def", "return", "self", "import", "value", "class", "for", "in",
            "if", "else", "while", "None", "True", "items", "count", "result", "test_", "assert", "=", "(", ")", ":",
            "{", "}", "const", "function", "let", "await", "inventory", "text", "0", "1", "42", "\"name\"", "#");

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path work = Files.createTempDirectory("arena-pack-bench-");
        Path generated = generate(work.resolve("generated"), (long) megabytes << 20);
        System.out.printf("%-22s %12s %14s %8s %22s%n", "folder", "pack (med)", "tar czf (med)", "ratio", "archive bytes pack/tar");
        measure("generated " + megabytes + " MB", generated, work, 3);
        for (String name : List.of("py-textkit", "js-inventory")) {
            measure(name, Path.of("examples/datasets", name), work, 20);
        }
    }

    private static void measure(String label, Path folder, Path work, int rounds) throws Exception {
        Timings pack = new Timings();
        Timings tar = new Timings();
        Path packed = work.resolve("pack.tar.gz");
        Path tarred = work.resolve("tar.tar.gz");
        for (int i = 0; i < rounds; i++) {
            pack.time(() -> DatasetArchive.pack(folder, packed));
            tar.time(() -> tarCzf(folder, tarred));
        }
        System.out.printf("%-22s %9.0f ms %11.0f ms %8.2f %22s%n", label, pack.median(), tar.median(),
                pack.median() / tar.median(), Files.size(packed) + "/" + Files.size(tarred));
    }

    private static void tarCzf(Path folder, Path target) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("tar", "czf", target.toString(), "-C", folder.toString(), ".")
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("tar czf failed for " + folder);
        }
    }

    /** Source-like text files of 2 KiB to 2 MiB in nested folders, until {@code bytes} are written. */
    private static Path generate(Path root, long bytes) throws IOException {
        Random random = new Random(7);
        long written = 0;
        for (int n = 0; written < bytes; n++) {
            int size = random.nextInt(10) == 0 ? (256 << 10) + random.nextInt(2 << 20) : 2048 + random.nextInt(64 << 10);
            StringBuilder text = new StringBuilder(size + 64);
            while (text.length() < size) {
                text.append(WORDS.get(random.nextInt(WORDS.size()))).append(random.nextInt(8) == 0 ? '\n' : ' ');
            }
            Path file = root.resolve("pkg-" + n % 20).resolve("mod-" + n % 7).resolve("file-" + n + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
            written += text.length();
        }
        return root;
    }
}
