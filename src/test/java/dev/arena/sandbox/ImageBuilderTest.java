package dev.arena.sandbox;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageBuilderTest {

    private static final String HASH = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** Docker's reference grammar for a path of lower-case components plus a tag. */
    private static final Pattern REFERENCE = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    @Test
    void tagIsLowerCasedRepoAndSixteenHexDigits() {
        String tag = ImageBuilder.tagFor("Py_TextKit.v2", HASH, Map.of());
        assertTrue(tag.startsWith("arena-task/py-textkit-v2:"), tag);
        assertTrue(tag.substring(tag.indexOf(':') + 1).matches("[0-9a-f]{16}"), tag);
        assertTrue(REFERENCE.matcher(tag).matches(), tag);
    }

    @Test
    void leadingAndTrailingSeparatorsAreTrimmed() {
        String tag = ImageBuilder.tagFor("My Dataset--", HASH, Map.of());
        assertTrue(tag.startsWith("arena-task/my-dataset:"), tag);
        assertTrue(REFERENCE.matcher(tag).matches(), tag);
    }

    @Test
    void tagIsStable() {
        assertEquals(ImageBuilder.tagFor("js-inventory", HASH, Map.of("A", "1")),
                ImageBuilder.tagFor("js-inventory", HASH, Map.of("A", "1")));
        // known values, so a change of the scheme (which rebuilds every image) is noticed
        assertEquals("arena-task/js-inventory:cd1bf2adfef93e86", ImageBuilder.tagFor("js-inventory", HASH, Map.of()));
        assertEquals("arena-task/js-inventory:ab00de78dd62de2e", ImageBuilder.tagFor("JS-Inventory", HASH, Map.of("A", "1")));
    }

    @Test
    void tagDoesNotDependOnBuildArgOrder() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("A", "1");
        ab.put("B", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("B", "2");
        ba.put("A", "1");
        assertEquals(ImageBuilder.tagFor("ds", HASH, ab), ImageBuilder.tagFor("ds", HASH, ba));
    }

    @Test
    void tagDiffersWithBuildArgsAndContent() {
        String plain = ImageBuilder.tagFor("ds", HASH, Map.of());
        String withArg = ImageBuilder.tagFor("ds", HASH, Map.of("BASE_IMAGE", "arena-base:bookworm"));
        String otherValue = ImageBuilder.tagFor("ds", HASH, Map.of("BASE_IMAGE", "python:3.12-slim"));
        String otherHash = ImageBuilder.tagFor("ds", "0" + HASH.substring(1), Map.of());
        assertNotEquals(plain, withArg);
        assertNotEquals(withArg, otherValue);
        assertNotEquals(plain, otherHash);
        assertEquals(plain.substring(0, plain.indexOf(':')), withArg.substring(0, withArg.indexOf(':')));
    }

    @Test
    void safeDatasetNamesGiveValidReferences() {
        for (String name : new String[] {"a", "A", "9", "x.y", "x_y", "x-y", "X__Y", "Data.Set_1-2", "a".repeat(63)}) {
            String tag = ImageBuilder.tagFor(name, HASH, Map.of("K", "v"));
            assertTrue(REFERENCE.matcher(tag).matches(), name + " -> " + tag);
        }
    }
    @Test
    void tagDoesNotDependOnTheDefaultLocale() {
        String english = ImageBuilder.tagFor("ISSUES", HASH, Map.of());
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertEquals(english, ImageBuilder.tagFor("ISSUES", HASH, Map.of()));
        } finally {
            Locale.setDefault(before);
        }
    }
}
