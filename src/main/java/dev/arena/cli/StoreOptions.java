package dev.arena.cli;

import dev.arena.config.Settings;
import dev.arena.store.ArtifactStore;
import dev.arena.store.Stores;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where runs are read and written: a GCS bucket when {@code --bucket}, {@code ARENA_BUCKET} or
 * the settings file names one, else the local runs folder. An explicit {@code --runs-dir}
 * always means local.
 */
final class StoreOptions {
    static final String BUCKET_ENV = Settings.BUCKET_ENV;

    @Option(names = "--runs-dir", paramLabel = "DIR", description = "Local folder of runs (default: runs).")
    Path runsDir;

    @Option(names = "--bucket", paramLabel = "NAME", description = "GCS bucket holding runs/ and datasets/ (default: $" + BUCKET_ENV + ", then the settings file).")
    String bucket;

    private Settings settings;

    /** The bucket in use, or null for the local folder. {@code forceLocal} is a command's --local. */
    String bucket(boolean forceLocal) {
        if (forceLocal || runsDir != null) {
            return null;
        }
        if (settings == null) { // read once per command: the file does not change while it runs
            settings = Settings.load();
        }
        return settings.get(Settings.Key.BUCKET, bucket);
    }

    /** The bucket, for commands that only work with one. */
    String requireBucket() {
        String b = bucket(false);
        if (b == null) {
            throw dev.arena.ArenaException.usage("no bucket: pass --bucket NAME, set " + BUCKET_ENV + " or run `arena setup`");
        }
        return b;
    }

    ArtifactStore runs(boolean forceLocal) {
        String b = bucket(forceLocal);
        return b == null ? Stores.local(runsDir()) : Stores.gcs(b, Stores.RUNS_PREFIX);
    }

    Path runsDir() {
        return runsDir != null ? runsDir : Path.of("runs");
    }

    /** The flags that point another command at the same place, for hints like the resume command. */
    String flags(boolean forceLocal) {
        String b = bucket(forceLocal);
        if (b != null) {
            return bucket != null ? " --bucket " + b : "";
        }
        return runsDir != null ? " --runs-dir " + runsDir : "";
    }
}
