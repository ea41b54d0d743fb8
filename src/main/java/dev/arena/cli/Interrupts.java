package dev.arena.cli;

/**
 * Runs a clean-up when the user presses Ctrl+C (or the process gets SIGTERM) during a block,
 * and only then: closing the block removes the hook.
 */
final class Interrupts implements AutoCloseable {
    interface Cleanup {
        void run() throws Exception;
    }

    private final Thread hook;

    private Interrupts(Thread hook) {
        this.hook = hook;
    }

    static Interrupts onInterrupt(Cleanup cleanup) {
        Thread hook = new Thread(() -> {
            try {
                cleanup.run();
            } catch (Exception e) {
                System.err.println("arena: clean-up after interrupt failed: " + e.getMessage());
            }
        }, "arena-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        return new Interrupts(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook is running or has run
        }
    }
}
