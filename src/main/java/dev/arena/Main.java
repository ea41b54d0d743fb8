package dev.arena;

/** The jar's entry point: the operator's tool and the in-pod evaluator are the same program. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(dev.arena.cli.Main.commandLine().execute(args));
    }
}
