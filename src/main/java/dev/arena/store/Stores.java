package dev.arena.store;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import dev.arena.ArenaException;
import dev.arena.ExitCode;

import java.nio.file.Path;

/**
 * Opens stores. GCS uses application default credentials, or, when {@code STORAGE_EMULATOR_HOST}
 * is set (the convention of Google's libraries and fake-gcs-server), that emulator without any.
 * The system property {@code arena.storage.emulatorHost} does the same from inside a JVM (tests
 * cannot set environment variables) and wins over the environment.
 */
public final class Stores {
    public static final String RUNS_PREFIX = "runs/";
    public static final String DATASETS_PREFIX = "datasets/";
    /** Agent CLI package tarballs a cluster run's pods take instead of reaching npm. */
    public static final String AGENTS_PREFIX = "agents/";
    public static final String EMULATOR_ENV = "STORAGE_EMULATOR_HOST";
    public static final String EMULATOR_PROPERTY = "arena.storage.emulatorHost";

    private Stores() {
    }

    public static ArtifactStore local(Path dir) {
        return new LocalStore(dir);
    }

    public static ArtifactStore gcs(String bucket, String prefix) {
        return new GcsStore(storage(emulatorHost()), bucket, prefix);
    }

    static String emulatorHost() {
        String property = System.getProperty(EMULATOR_PROPERTY);
        return property != null && !property.isBlank() ? property : System.getenv(EMULATOR_ENV);
    }

    static Storage storage(String emulatorHost) {
        try {
            if (emulatorHost != null && !emulatorHost.isBlank()) {
                String host = emulatorHost.contains("://") ? emulatorHost : "http://" + emulatorHost;
                return StorageOptions.http().setHost(host).setProjectId("arena-emulator")
                        .setCredentials(NoCredentials.getInstance()).build().getService();
            }
            return StorageOptions.getDefaultInstance().getService();
        } catch (RuntimeException e) {
            throw new ArenaException(ExitCode.ENVIRONMENT, "cannot open Google Cloud Storage (" + e.getMessage()
                    + "): run `gcloud auth application-default login`, or set " + EMULATOR_ENV + " for an emulator", e);
        }
    }
}
