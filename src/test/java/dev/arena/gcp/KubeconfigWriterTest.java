package dev.arena.gcp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KubeconfigWriterTest {
    @TempDir
    Path dir;

    @Test
    void addsToAMissingFileAndMakesItCurrent() {
        KubeconfigWriter w = new KubeconfigWriter(dir.resolve("new").resolve("config"));

        assertEquals(KubeconfigWriter.Result.ADDED, w.write(new KubeconfigWriter.Entry("gke_p_r_c", "https://1.2.3.4", "Q0E=")));

        Map<String, Object> kube = load(w.file());
        assertEquals("gke_p_r_c", kube.get("current-context"));
        assertEquals("Config", kube.get("kind"));
    }

    @Test
    void writesOnlyWhenSomethingChangedAndKeepsOtherEntries() throws Exception {
        Path file = dir.resolve("config");
        Files.writeString(file, "apiVersion: v1\nkind: Config\ncurrent-context: mine\npreferences: {colors: true}\n"
                + "contexts:\n- name: mine\n  context: {cluster: mine, user: mine}\n");
        KubeconfigWriter w = new KubeconfigWriter(file);
        var entry = new KubeconfigWriter.Entry("gke_p_r_c", "https://1.2.3.4", "Q0E=");

        assertEquals(KubeconfigWriter.Result.ADDED, w.write(entry));
        String written = Files.readString(file);
        assertEquals(KubeconfigWriter.Result.UNCHANGED, w.plan(entry));
        assertEquals(KubeconfigWriter.Result.UNCHANGED, w.write(entry));
        assertEquals(written, Files.readString(file));
        assertEquals(KubeconfigWriter.Result.UPDATED, w.write(new KubeconfigWriter.Entry("gke_p_r_c", "https://5.6.7.8", "Q0E=")));

        Map<String, Object> kube = load(file);
        assertEquals("mine", kube.get("current-context"));
        assertEquals(Map.of("colors", true), kube.get("preferences"));
        assertEquals(List.of("mine", "gke_p_r_c"), ((List<?>) kube.get("contexts")).stream().map(c -> ((Map<?, ?>) c).get("name")).toList());
        assertEquals(1, ((List<?>) kube.get("clusters")).size(), "the changed cluster replaced, not added twice");

        assertEquals(KubeconfigWriter.Result.REMOVED, w.remove("gke_p_r_c"));
        assertEquals(KubeconfigWriter.Result.ABSENT, w.remove("gke_p_r_c"));
        assertEquals(List.of("mine"), ((List<?>) load(file).get("contexts")).stream().map(c -> ((Map<?, ?>) c).get("name")).toList());
    }

    private static Map<String, Object> load(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
