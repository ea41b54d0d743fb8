package dev.arena.cli;

import dev.arena.dataset.Dataset;
import dev.arena.images.ImagePublisher;

import java.io.PrintStream;

/** `images build` on the terminal: the outcome of each dataset on stdout, its build steps and pushed layers on stderr. */
final class ImageBuildPrinter implements ImagePublisher.Listener {
    private final PrintStream out;
    private final PrintStream progress;

    ImageBuildPrinter(PrintStream out, PrintStream progress) {
        this.out = out;
        this.progress = progress;
    }

    @Override
    public void started(Dataset dataset) {
        progress.println(dataset.name() + ": preparing the image...");
    }

    @Override
    public void line(Dataset dataset, String line) {
        // one short status line per build step or pushed layer, so a long build shows it is alive
        if (line.startsWith("Step ") || line.startsWith("Pushed") || line.startsWith("Pushing") || line.startsWith("#")) {
            progress.println("  " + dataset.name() + ": " + line.strip());
        }
    }

    @Override
    public void finished(ImagePublisher.Published p, double seconds) {
        String what = switch (p.state()) {
            case IN_REGISTRY -> "already in the registry, skipped";
            case BUILT -> "built, " + TransferPrinter.human(p.size());
            case REUSED_LOCAL -> "up to date locally, " + TransferPrinter.human(p.size());
        };
        out.printf("%-24s %-40s %s%n", p.dataset(), what + String.format(" (%.1fs)", seconds),
                p.digestReference() != null ? p.digestReference() : p.reference());
    }
}
