package dev.arena.report;

import java.nio.file.Path;

/**
 * Where a report goes besides the terminal: files on this machine (null when not asked for) and
 * whether to store the page with each run as {@code <run-id>/report.html}.
 */
public record ReportOutputs(Path json, Path csv, Path html, boolean upload) {
    public boolean wantsPage() {
        return html != null || upload;
    }
}
