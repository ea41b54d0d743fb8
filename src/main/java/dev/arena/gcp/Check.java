package dev.arena.gcp;

import dev.arena.ArenaException;

import java.util.function.Supplier;

/**
 * One thing `arena doctor` verifies. A check returns {@link Outcome#ok} or {@link Outcome#fail}
 * with the fix; an {@link ArenaException} it throws counts as a failure whose message is the fix.
 * Add a check by adding one to {@link DoctorChecks#standard} (or any list given to {@link Doctor}).
 */
public interface Check {
    String name();

    Outcome run();

    record Outcome(boolean ok, String detail, String fix) {
        public static Outcome ok(String detail) {
            return new Outcome(true, detail, "");
        }

        public static Outcome fail(String detail, String fix) {
            return new Outcome(false, detail, fix);
        }
    }

    static Check of(String name, Supplier<Outcome> run) {
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Outcome run() {
                return run.get();
            }
        };
    }
}
