package dev.arena.transfer;

/** Progress of uploads and downloads, for whoever shows it. */
public interface TransferListener {
    default void started(String name, long bytes) {
    }

    default void progress(String name, long sent, long bytes) {
    }

    default void finished(String name, boolean skipped) {
    }

    TransferListener NONE = new TransferListener() {
    };
}
