package dev.arena.report;

/** Cuts long text for the page, saying what was left out, so one huge log cannot bloat a report. */
final class Capped {
    private Capped() {
    }

    /** The first {@code limit} characters, then a note of how many more there were. */
    static String head(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        return text.substring(0, limit) + "\n[... " + (text.length() - limit) + " more characters left out of the report]";
    }

    /** The last {@code limit} characters after a note: the end of a test log holds its summary. */
    static String tail(String text, int limit) {
        if (text == null || text.length() <= limit) {
            return text;
        }
        return "[... the first " + (text.length() - limit) + " characters left out of the report]\n"
                + text.substring(text.length() - limit);
    }
}
