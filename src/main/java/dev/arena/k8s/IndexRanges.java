package dev.arena.k8s;

import java.util.ArrayList;
import java.util.List;

/** The Job controller's compact index lists, such as "0,2-4,7". */
final class IndexRanges {
    private IndexRanges() {
    }

    static List<Integer> parse(String ranges) {
        List<Integer> out = new ArrayList<>();
        if (ranges == null || ranges.isBlank()) {
            return out;
        }
        for (String part : ranges.split(",")) {
            String[] ends = part.strip().split("-");
            int from = Integer.parseInt(ends[0]);
            int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
            for (int i = from; i <= to; i++) {
                out.add(i);
            }
        }
        return out;
    }

    static int count(String ranges) {
        return parse(ranges).size();
    }
}
