package dev.arena.run;

import dev.arena.ArenaException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The items of a plan that one Job covers, as plan indexes in the compact form the Job controller
 * uses ("0,2-4,7"): pod i of the Job evaluates the i-th index listed. A run's first Job covers
 * every item and carries no list; a resume Job carries the list in {@value #ENV}. The pod reads it
 * from its environment, so it is parsed strictly (ascending, no overlap, no blanks) and never
 * expanded: a range as wide as an int costs nothing.
 */
public final class JobItems {
    /** The evaluator's variable holding the list of a resume Job. */
    public static final String ENV = "ARENA_ITEMS";
    private static final Pattern RANGE = Pattern.compile("(0|[1-9][0-9]{0,8})(-(0|[1-9][0-9]{0,8}))?");

    private record Range(int from, int to) {
        long size() {
            return (long) to - from + 1;
        }
    }

    private final List<Range> ranges;
    private final long size;

    private JobItems(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
        this.size = ranges.stream().mapToLong(Range::size).sum();
    }

    /** The given plan indexes, sorted and distinct, in ranges. */
    public static JobItems of(List<Integer> indexes) {
        List<Integer> sorted = indexes.stream().distinct().sorted().toList();
        List<Range> ranges = new ArrayList<>();
        for (int i : sorted) {
            if (i < 0) {
                throw new IllegalArgumentException("negative item index " + i);
            }
            Range last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (last != null && last.to() + 1 == i) {
                ranges.set(ranges.size() - 1, new Range(last.from(), i));
            } else {
                ranges.add(new Range(i, i));
            }
        }
        return new JobItems(ranges);
    }

    /** A list as {@link #toString} writes it; anything else is a usage error (the pod exits 2). */
    public static JobItems parse(String text) {
        if (text == null || text.isEmpty()) {
            throw bad("it is empty");
        }
        List<Range> ranges = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            var m = RANGE.matcher(part);
            if (!m.matches()) {
                String shown = part.replaceAll("\\p{Cntrl}", "?");
                throw bad("'" + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown) + "' is not an index or a range a-b");
            }
            int from = Integer.parseInt(m.group(1));
            int to = m.group(3) == null ? from : Integer.parseInt(m.group(3));
            if (to < from) {
                throw bad("the range " + part + " runs backwards");
            }
            if (!ranges.isEmpty() && from <= ranges.get(ranges.size() - 1).to()) {
                throw bad("index " + from + " does not come after the ones before it");
            }
            ranges.add(new Range(from, to));
        }
        return new JobItems(ranges);
    }

    /** How many items: the Job's completions. */
    public long size() {
        return size;
    }

    /** The plan index that completion index {@code i} of the Job evaluates. */
    public int itemAt(int i) {
        if (i < 0 || i >= size) {
            throw ArenaException.usage("completion index " + i + " is not in this Job's " + size + " item(s) ($" + ENV + ")");
        }
        long left = i;
        for (Range r : ranges) {
            if (left < r.size()) {
                return (int) (r.from() + left);
            }
            left -= r.size();
        }
        throw new IllegalStateException("unreachable: " + i + " < " + size);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Range r : ranges) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(r.from());
            if (r.to() != r.from()) {
                b.append('-').append(r.to());
            }
        }
        return b.toString();
    }

    private static ArenaException bad(String problem) {
        return ArenaException.usage("invalid $" + ENV + ": " + problem);
    }
}
