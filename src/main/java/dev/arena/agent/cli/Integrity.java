package dev.arena.agent.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The hash a tarball must have, from the registry's {@code dist.integrity} (Subresource Integrity:
 * {@code sha512-<base64>}, possibly several, space-separated: the strongest known one wins), or,
 * for packages published before npm recorded it, {@code dist.shasum} (hex SHA-1).
 */
public record Integrity(String algorithm, byte[] expected) {
    /** SRI algorithm names, strongest first, with their MessageDigest names. */
    private static final List<String> SRI_ALGORITHMS = List.of("sha512", "sha384", "sha256", "sha1");

    /** Null when the registry gave neither field (the caller refuses such a package). */
    public static Integrity of(String integrity, String shasum) {
        if (integrity != null && !integrity.isBlank()) {
            Integrity best = null;
            for (String part : integrity.trim().split("\\s+")) {
                int dash = part.indexOf('-');
                if (dash <= 0) {
                    continue;
                }
                String algorithm = part.substring(0, dash).toLowerCase(Locale.ROOT);
                int rank = SRI_ALGORITHMS.indexOf(algorithm);
                if (rank < 0 || best != null && rank >= SRI_ALGORITHMS.indexOf(best.algorithm)) {
                    continue;
                }
                String digest = part.substring(dash + 1);
                int options = digest.indexOf('?');
                best = new Integrity(algorithm, Base64.getDecoder().decode(options < 0 ? digest : digest.substring(0, options)));
            }
            if (best != null) {
                return best;
            }
        }
        if (shasum != null && !shasum.isBlank()) {
            return new Integrity("sha1", HexFormat.of().parseHex(shasum.trim()));
        }
        return null;
    }

    public MessageDigest newDigest() {
        String name = switch (algorithm) {
            case "sha512" -> "SHA-512";
            case "sha384" -> "SHA-384";
            case "sha256" -> "SHA-256";
            default -> "SHA-1";
        };
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean matches(byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    /** A short, filesystem-safe key: the algorithm and the first 32 hex digits of the expected hash. */
    public String cacheKey() {
        return algorithm + "-" + HexFormat.of().formatHex(expected).substring(0, 32);
    }

    /** The SRI form of a hash in this algorithm: how the expected and the actual value are shown. */
    public String sri(byte[] digest) {
        return algorithm + "-" + Base64.getEncoder().encodeToString(digest);
    }

    @Override
    public String toString() {
        return sri(expected);
    }
}
