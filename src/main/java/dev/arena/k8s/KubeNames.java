package dev.arena.k8s;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns our names into what the API server accepts. The mock server used in tests validates
 * nothing, so these rules are ours to keep: label values of at most 63 characters from
 * [A-Za-z0-9._-] with an alphanumeric at each end, and object names in RFC 1123 form. When a
 * value must be changed or shortened, a hash of the original is appended so that two different
 * inputs do not collapse into one name.
 */
public final class KubeNames {
    public static final int LABEL_MAX = 63;
    public static final int NAME_MAX = 63;
    private static final int HASH_LENGTH = 8;

    private KubeNames() {
    }

    /** A valid label value; unchanged when it already is one. Empty and null become "none". */
    public static String labelValue(String value) {
        if (value == null || value.isEmpty()) {
            return "none";
        }
        if (isLabelValue(value)) {
            return value;
        }
        String cleaned = value.replaceAll("[^A-Za-z0-9._-]", "_");
        return withHash(cleaned, value, LABEL_MAX, "_").replaceAll("^[^A-Za-z0-9]+", "");
    }

    /** The same labels with every value made a valid label value. */
    public static Map<String, String> labelValues(Map<String, String> labels) {
        Map<String, String> m = new LinkedHashMap<>();
        labels.forEach((k, v) -> m.put(k, labelValue(v)));
        return m;
    }

    /** A label selector matching all of {@code labels}. */
    public static String selector(Map<String, String> labels) {
        return labelValues(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** A lower-case RFC 1123 name of at most {@code max} characters; unchanged when it already is one. */
    public static String dnsName(String value, int max) {
        if (isDnsName(value, max)) {
            return value;
        }
        String cleaned = value.toLowerCase().replaceAll("[^a-z0-9-]+", "-");
        return withHash(cleaned, value, max, "-");
    }

    /** The Job of a run: "arena-" plus the run id, shortened with a hash when needed. */
    public static String jobName(String runId) {
        return dnsName("arena-" + runId, NAME_MAX);
    }

    /**
     * A resume Job of a run: the run's Job name plus when it was submitted, so it never takes the
     * name of a Job of the run that still exists; the run's labels find it with the others.
     */
    public static String resumeJobName(String runId, java.time.Instant submitted) {
        String at = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC).format(submitted);
        return dnsName("arena-" + runId + "-resume-" + at, NAME_MAX);
    }

    public static boolean isLabelValue(String v) {
        return v.length() <= LABEL_MAX && v.matches("([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?");
    }

    public static boolean isDnsName(String v, int max) {
        return v != null && v.length() <= max && v.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    }

    private static String withHash(String cleaned, String original, int max, String separator) {
        String hash = hash(original);
        String head = cleaned.substring(0, Math.min(cleaned.length(), max - HASH_LENGTH - 1))
                .replaceAll("[^A-Za-z0-9]+$", "");
        return head.isEmpty() ? hash : head + separator + hash;
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
