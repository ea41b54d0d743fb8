package dev.arena.bench;

import java.util.ArrayList;
import java.util.List;

/** Wall-clock samples in milliseconds, and their median. */
final class Timings {
    private final List<Double> millis = new ArrayList<>();

    interface Action {
        void run() throws Exception;
    }

    void time(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        millis.add((System.nanoTime() - start) / 1e6);
    }

    /** Adds a sample measured elsewhere, in milliseconds. */
    void add(double ms) {
        millis.add(ms);
    }

    /** The samples so far, rounded to whole milliseconds, in the order taken. */
    List<Long> samples() {
        return millis.stream().map(Math::round).toList();
    }

    double median() {
        List<Double> sorted = new ArrayList<>(millis);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
