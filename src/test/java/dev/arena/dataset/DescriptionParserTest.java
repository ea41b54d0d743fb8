package dev.arena.dataset;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DescriptionParserTest {

    private static final String BLOCK = """
            task_description: |

              Task: animation-blending

              The animation system needs work on smooth transitions.

              Instructions:

                Files to Modify:
                - project/src/core/time_manager.cpp

                For EaseOut specifically use t * (2 - t).

            difficulty: medium
            category: Bug Fix
            tags: [cpp, animation, easing]
            parser_name: pytest
            """;

    @Nested
    class BlockForm {

        @Test
        void readsEveryField() throws Exception {
            TaskDescription d = DescriptionParser.parse(BLOCK);
            assertEquals("animation-blending", d.title());
            assertEquals("""
                    Task: animation-blending

                    The animation system needs work on smooth transitions.

                    Instructions:

                      Files to Modify:
                      - project/src/core/time_manager.cpp

                      For EaseOut specifically use t * (2 - t).""", d.text());
            assertEquals("""
                    Files to Modify:
                    - project/src/core/time_manager.cpp

                    For EaseOut specifically use t * (2 - t).""", d.instructions());
            assertEquals("medium", d.difficulty());
            assertEquals("Bug Fix", d.category());
            assertEquals(List.of("cpp", "animation", "easing"), d.tags());
            assertEquals(Map.of("parser_name", "pytest"), d.metadata());
        }

        @Test
        void promptDoesNotRepeatInstructionsAlreadyInTheBlock() throws Exception {
            TaskDescription d = DescriptionParser.parse(BLOCK);
            assertEquals(d.text(), d.prompt());
        }

        @Test
        void crlfBomAndTrailingWhitespaceGiveTheSameResult() throws Exception {
            String messy = "\uFEFF" + BLOCK.replace("\n", "  \t\r\n");
            assertEquals(DescriptionParser.parse(BLOCK), DescriptionParser.parse(messy));
        }

        @Test
        void oldMacLineEndingsAreLineBreaksToo() throws Exception {
            assertEquals(DescriptionParser.parse(BLOCK), DescriptionParser.parse(BLOCK.replace("\n", "\r")));
        }

        @Test
        void mixedIndentationKeepsRelativeIndent() throws Exception {
            String content = "task_description: |\n"
                    + "    Fix the loader.\n"
                    + "   \n"
                    + "      - keep this nested\n"
                    + "\t\n"
                    + "    Done.\n"
                    + "difficulty: hard\n";
            TaskDescription d = DescriptionParser.parse(content);
            assertEquals("Fix the loader.\n\n  - keep this nested\n\nDone.", d.text());
            assertEquals("hard", d.difficulty());
        }

        @Test
        void firstLineKeepsItsDeeperIndent() throws Exception {
            TaskDescription d = DescriptionParser.parse("task_description: |\n      int x;\n  Fix x.\n");
            assertEquals("    int x;\nFix x.", d.text());
        }

        @Test
        void columnZeroKeyEndsTheBlockButIndentedKeyLikeLinesDoNot() throws Exception {
            TaskDescription d = DescriptionParser.parse("""
                    task_description: |
                      Notes:
                        category: not a key here
                    Difficulty: Easy
                    """);
            assertEquals("Notes:\n  category: not a key here", d.text());
            assertEquals("Easy", d.difficulty());
            assertNull(d.category());
        }

        @Test
        void stripChompAndFoldedMarkers() throws Exception {
            TaskDescription stripped = DescriptionParser.parse("task_description: |-\n  a\n  b\n");
            assertEquals("a\nb", stripped.text());
            TaskDescription folded = DescriptionParser.parse("task_description: >\n  a long\n  line\n\n  next\n");
            assertEquals("a long line\nnext", folded.text());
            TaskDescription keep = DescriptionParser.parse("task_description: >-\n  one\n    two\n  three\n");
            assertEquals("one\n  two\nthree", keep.text());
        }

        @Test
        void stopsAtEveryColumnZeroKeyIncludingMixedCaseOnes() throws Exception {
            TaskDescription d = DescriptionParser.parse("""
                    Task_Description: |
                      Make it faster.
                    CATEGORY: Performance
                    Tags: perf
                    Parser_Name: jest
                    """);
            assertEquals("Make it faster.", d.text());
            assertEquals("Performance", d.category());
            assertEquals(List.of("perf"), d.tags());
            assertEquals(Map.of("parser_name", "jest"), d.metadata());
        }

        @Test
        void columnZeroTextInsideTheBlockStaysInTheText() throws Exception {
            TaskDescription d = DescriptionParser.parse("task_description: |\n  Fix:\n#include <x>\n  done\n");
            assertEquals("  Fix:\n#include <x>\n  done", d.text());
        }

        @Test
        void inlineInstructionsAfterTheColon() throws Exception {
            TaskDescription d = DescriptionParser.parse("task_description: |\n  Intro.\n  Instructions: do X\n    then Y\n");
            assertEquals("do X\nthen Y", d.instructions());
        }

        @Test
        void documentMarkerIsIgnored() throws Exception {
            TaskDescription d = DescriptionParser.parse("---\ntask_description: |\n  Text.\n");
            assertEquals("Text.", d.text());
        }
    }

    @Nested
    class LegacyForm {

        @Test
        void keysWithIntroLinesAndContinuations() throws Exception {
            TaskDescription d = DescriptionParser.parse("""
                    This task comes from the 2023 set.
                    Read carefully.

                    title: Fix the cache
                    description: The cache never evicts.
                      It grows without bound.
                    instructions: Edit cache.py only.
                    difficulty: easy
                    category: bug
                    tags: python, cache
                    author: someone
                    """);
            assertEquals("Fix the cache", d.title());
            assertEquals("This task comes from the 2023 set.\nRead carefully.\n\n"
                    + "The cache never evicts.\nIt grows without bound.", d.text());
            assertEquals("Edit cache.py only.", d.instructions());
            assertEquals("easy", d.difficulty());
            assertEquals("bug", d.category());
            assertEquals(List.of("python", "cache"), d.tags());
            assertEquals(Map.of("author", "someone"), d.metadata());
            assertEquals(d.text() + "\n\nInstructions:\nEdit cache.py only.", d.prompt());
        }

        @Test
        void taskKeyIsTheDescription() throws Exception {
            TaskDescription d = DescriptionParser.parse("task: Add a --verbose flag.\ndifficulty: easy\n");
            assertEquals("Add a --verbose flag.", d.text());
            assertNull(d.title());
        }

        @Test
        void proseRunsOnAtColumnZero() throws Exception {
            TaskDescription d = DescriptionParser.parse("description: The parser\ncrashes on empty input.\n\nSee #12.\n"
                    + "difficulty: hard\n");
            assertEquals("The parser\ncrashes on empty input.\n\nSee #12.", d.text());
            assertEquals("hard", d.difficulty());
        }

        @Test
        void freeTextAfterShortKeysIsDescription() throws Exception {
            TaskDescription d = DescriptionParser.parse("title: Crash\ndifficulty: easy\n\nThe app crashes on start.\n");
            assertEquals("The app crashes on start.", d.text());
            assertEquals("easy", d.difficulty());
            assertEquals("Crash", d.title());
        }

        @Test
        void multiLineInstructionsKey() throws Exception {
            TaskDescription d = DescriptionParser.parse("""
                    description: Speed up search.
                    Instructions:
                      1. Profile.
                         Then measure.
                      2. Optimise.
                    """);
            assertEquals("Speed up search.", d.text());
            assertEquals("1. Profile.\n   Then measure.\n2. Optimise.", d.instructions());
            assertEquals("Speed up search.\n\nInstructions:\n1. Profile.\n   Then measure.\n2. Optimise.", d.prompt());
        }

        @Test
        void instructionsAloneStillMakeADescription() throws Exception {
            TaskDescription d = DescriptionParser.parse("title: T\ninstructions: Do the thing.\n");
            assertEquals("Do the thing.", d.text());
            assertEquals("Do the thing.", d.prompt());
        }

        @Test
        void plainTextWithoutKeysIsTheDescription() throws Exception {
            TaskDescription d = DescriptionParser.parse("Fix the login page, it 500s.\n");
            assertEquals("Fix the login page, it 500s.", d.text());
            assertEquals(List.of(), d.tags());
            assertEquals(Map.of(), d.metadata());
        }

        @Test
        void secondDescriptionKeyGoesToMetadata() throws Exception {
            TaskDescription d = DescriptionParser.parse("description: Main text.\ntask: short-name\n");
            assertEquals("Main text.", d.text());
            assertEquals(Map.of("task", "short-name"), d.metadata());
        }
    }

    @Nested
    class Values {

        @Test
        void tagForms() throws Exception {
            assertEquals(List.of("a", "b"), tags("tags: [a, b]"));
            assertEquals(List.of("a", "b"), tags("tags: a, b"));
            assertEquals(List.of("a", "b c"), tags("tags:\n  - a\n  - b c"));
            assertEquals(List.of("a", "b"), tags("tags:\n- a\n- b"));
            assertEquals(List.of("x y", "z"), tags("tags: [\"x y\", 'z']"));
            assertEquals(List.of("a", "b"), tags("tags: [a,\n  b]"));
            assertEquals(List.of(), tags("tags: []"));
            assertEquals(List.of(), tags("tags:"));
            assertEquals(List.of(), tags(""));
        }

        private List<String> tags(String line) throws DescriptionException {
            return DescriptionParser.parse("description: x\n" + line + "\n").tags();
        }

        @Test
        void quotedValues() throws Exception {
            TaskDescription d = DescriptionParser.parse("""
                    title: 'It''s broken'
                    description: "Say \\"hi\\"\\nthen leave"
                    difficulty: "hard"
                    category: 'Bug Fix'
                    """);
            assertEquals("It's broken", d.title());
            assertEquals("Say \"hi\"\nthen leave", d.text());
            assertEquals("hard", d.difficulty());
            assertEquals("Bug Fix", d.category());
        }

        @Test
        void missingFieldsAreNullOrEmpty() throws Exception {
            TaskDescription d = DescriptionParser.parse("task_description: |\n  Only text.\n");
            assertNull(d.title());
            assertNull(d.instructions());
            assertNull(d.difficulty());
            assertNull(d.category());
            assertEquals(List.of(), d.tags());
            assertEquals(Map.of(), d.metadata());
            assertEquals("Only text.", d.prompt());
        }

        @Test
        void emptyValuesCountAsMissing() throws Exception {
            TaskDescription d = DescriptionParser.parse("description: x\ndifficulty:\ncategory: \"\"\n");
            assertNull(d.difficulty());
            assertNull(d.category());
        }

        @Test
        void metadataIsLowerCasedOrderedUnmodifiableAndScalarOnly() throws Exception {
            TaskDescription d = DescriptionParser.parse("""
                    task_description: |
                      Text.
                    Parser_Name: pytest
                    Timeout: 300
                    files:
                      - a.py
                      - b.py
                    base-image: "python:3.12"
                    notes: |
                      line one
                      line two
                    """);
            assertEquals(List.of("parser_name", "timeout", "base-image", "notes"), List.copyOf(d.metadata().keySet()));
            assertEquals("python:3.12", d.metadata().get("base-image"));
            assertEquals("line one\nline two", d.metadata().get("notes"));
            assertThrows(UnsupportedOperationException.class, () -> d.metadata().put("x", "y"));
            assertThrows(UnsupportedOperationException.class, () -> d.tags().add("x"));
        }

        @Test
        void titleKeyWinsOverTaskLine() throws Exception {
            TaskDescription d = DescriptionParser.parse("title: Real title\ntask_description: |\n  Task: other\n  Body.\n");
            assertEquals("Real title", d.title());
        }

        @Test
        void taskLineIsCaseInsensitiveAndUnquoted() throws Exception {
            TaskDescription d = DescriptionParser.parse("task_description: |\n  TASK:  \"quoted-id\"\n  Body.\n");
            assertEquals("quoted-id", d.title());
        }

        @Test
        void urlsAndTimesAreNotKeys() throws Exception {
            TaskDescription d = DescriptionParser.parse("description: See\nhttp://example.com/x\nat 10:30 today\n");
            assertEquals("See\nhttp://example.com/x\nat 10:30 today", d.text());
            assertTrue(d.metadata().isEmpty());
        }
    }

    @Nested
    class Errors {

        @Test
        void blankContentIsRejected() {
            for (String content : new String[] {null, "", "   \n\t\n", "\uFEFF", "\uFEFF\r\n  \r\n"}) {
                DescriptionException e = assertThrows(DescriptionException.class, () -> DescriptionParser.parse(content));
                assertEquals("task description is empty", e.getMessage());
            }
        }

        @Test
        void onlyMetadataIsRejectedWithTheKeysNamed() {
            DescriptionException e = assertThrows(DescriptionException.class,
                    () -> DescriptionParser.parse("difficulty: easy\ncategory: bug\ntags: [a]\n"));
            assertEquals("no description text found, only the keys [difficulty, category, tags]", e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }

        @Test
        void emptyDescriptionBlockIsRejected() {
            assertThrows(DescriptionException.class,
                    () -> DescriptionParser.parse("task_description: |\n\n   \ndifficulty: easy\n"));
        }
    }
}
