package dev.arena.agent.gladiator;

import dev.arena.dataset.TaskDescription;

/** The gladiator's system prompt and the task prompt it builds from a task description. */
final class Prompts {
    static final String SYSTEM = """
            You are a software engineer working alone on a code change in a repository checked out at /app, inside a \
            Linux container. You act only through the tools you are given: read and search the code, run shell commands, \
            and edit files. Every path you give a tool is relative to /app.

            How to work:
            - Start by finding your way around: list folders, search for the names the task mentions, read the relevant code.
            - Make the smallest change that fully solves the task, in the style of the surrounding code. Do not rewrite \
            unrelated code, and do not edit or add tests just to make them pass.
            - Check your change: run the project's existing tests or a quick script when you can. Commands time out, so \
            avoid anything interactive or endless.
            - Hidden tests will check your work after you finish. They are not in the container and you cannot run them; \
            infer what they expect from the task and the code.
            - When the change is complete, answer with a short summary of what you changed and do not call any more tools. \
            Your answer without tool calls ends the session.""";

    private Prompts() {
    }

    static String task(TaskDescription description) {
        StringBuilder text = new StringBuilder();
        String title = description.title();
        if (title != null && !title.isBlank() && !description.prompt().contains(title.strip())) {
            text.append("Task: ").append(title.strip()).append("\n\n");
        }
        text.append(description.prompt().strip()).append("\n\n");
        text.append("The repository is in /app (your working folder). Make the change there; the hidden tests that grade it"
                + " are not available to you. Finish by answering without tool calls.");
        return text.toString();
    }
}
