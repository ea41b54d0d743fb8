package dev.arena.cli;

import dev.arena.transfer.TransferListener;

import java.io.PrintStream;

/** A progress bar per upload on stderr: bytes, percentage and rate; on a terminal it redraws in place. */
final class TransferPrinter implements TransferListener {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean live = System.console() != null;
    private long startNanos;
    private int lastPercent = -1;

    TransferPrinter(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void started(String name, long bytes) {
        startNanos = System.nanoTime();
        lastPercent = -1;
    }

    @Override
    public synchronized void progress(String name, long sent, long bytes) {
        int percent = bytes == 0 ? 100 : (int) (100 * sent / bytes);
        if (percent == lastPercent || (!live && percent % 25 != 0)) {
            return;
        }
        lastPercent = percent;
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        int filled = percent * WIDTH / 100;
        out.printf("%s%-20s [%s%s] %3d%% %s / %s, %s/s%s", live ? "\r\033[K" : "", name, "#".repeat(filled), " ".repeat(WIDTH - filled),
                percent, human(sent), human(bytes), human((long) (sent / seconds)), live ? "" : "\n");
        out.flush();
    }

    @Override
    public synchronized void finished(String name, boolean skipped) {
        if (live) {
            out.print("\r\033[K");
        }
        out.println(name + (skipped ? ": unchanged, skipped" : ": uploaded"));
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
