package dev.arena.run;

import dev.arena.ArenaException;
import dev.arena.agent.cli.AgentTarball;
import dev.arena.dataset.BuildContext;
import dev.arena.dataset.Names;
import dev.arena.eval.EvalSettings;
import dev.arena.result.ModelSettings;
import dev.arena.sandbox.SandboxNetwork;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a run plan read from storage as if a stranger wrote it: a pod gets {@code run.json} from
 * the bucket, and anything in it becomes paths, Docker options and where API keys are sent. The
 * rules are the command line's (RunPlanner, EvalOptions, dataset.Names) plus what only a stored
 * plan can get wrong. Every violation is one line with exit code 2 (not retried), before any work:
 * <ul>
 *   <li>schema {@value RunPlan#SCHEMA}; run id (and the regraded run's) safe names; passAtK at least 1;</li>
 *   <li>settings: an agent named, max iterations at least 1, a positive task timeout, memory and
 *       CPUs above 0, network {@code bridge}, {@code internal} or {@code none}, build argument names shell-safe;</li>
 *   <li>model settings: their types and ranges are checked as they are read ({@code result.ModelSettings});
 *       a system prompt at most {@value EvalSettings#MAX_SYSTEM_PROMPT_BYTES} bytes whose sha256 is the
 *       recorded one, and a recorded hash only with a prompt;</li>
 *   <li>the model base URL null (the provider's default) or one of the URLs the operator allowed
 *       at deploy time ({@code arena deploy --model-base-url URL}, carried to the pod as
 *       {@value #ALLOWED_BASE_URLS_ENV});</li>
 *   <li>agent tarballs: a package, a version and an SRI integrity hash each (the pod checks the
 *       tarball it takes from the bucket against it);</li>
 *   <li>datasets: safe, distinct names, a sha256 content hash each;</li>
 *   <li>items: at least one, each of a planned dataset, a safe task id, an attempt within 1..passAtK, no duplicates;</li>
 *   <li>and, once a dataset is unpacked, its build context's content hash equal to the plan's.</li>
 * </ul>
 */
public final class PlanValidator {
    /** Comma-separated base URLs a pod may send model requests (and keys) to; from arena-config. */
    public static final String ALLOWED_BASE_URLS_ENV = "ARENA_ALLOWED_MODEL_BASE_URLS";
    public static final Set<String> NETWORKS = Set.of("bridge", SandboxNetwork.INTERNAL_MODE, "none");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BUILD_ARG = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private PlanValidator() {
    }

    /** The allowed base URLs from a comma-separated list (null or blank: none), normalized. */
    public static Set<String> parseAllowed(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::strip).filter(s -> !s.isEmpty())
                .map(PlanValidator::normalizeUrl)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Trailing slashes do not make a different server. */
    static String normalizeUrl(String url) {
        return url.strip().replaceAll("/+$", "");
    }

    /**
     * @param allowedBaseUrls the model base URLs the operator allowed; null skips that rule (a plan
     *                        the operator's own arena wrote to a local folder)
     */
    public static void validate(RunPlan plan, Set<String> allowedBaseUrls) {
        if (plan == null) {
            throw bad("the plan is empty");
        }
        if (plan.schema() != RunPlan.SCHEMA) {
            throw bad("schema " + plan.schema() + " is not " + RunPlan.SCHEMA);
        }
        safe("run id", plan.runId());
        if (plan.regradeOf() != null) {
            safe("regraded run id", plan.regradeOf());
        }
        if (plan.passAtK() < 1) {
            throw bad("pass_at_k must be at least 1, not " + plan.passAtK());
        }
        settings(plan.settings(), allowedBaseUrls);
        for (AgentTarball t : plan.agentTarballs()) {
            if (t == null || t.packageName() == null || t.packageName().isBlank() || t.version() == null || t.version().isBlank()) {
                throw bad("an agent tarball entry has no package or version");
            }
            try {
                t.expected();
            } catch (ArenaException e) {
                throw bad("the agent tarball " + printable(t.packageName() + "@" + t.version()) + " has no usable integrity hash");
            }
        }
        Set<String> datasets = new HashSet<>();
        for (RunPlan.DatasetRef d : plan.datasets()) {
            if (d == null) {
                throw bad("a dataset entry is empty");
            }
            safe("dataset name", d.name());
            if (!datasets.add(d.name())) {
                throw bad("dataset " + d.name() + " is listed twice");
            }
            if (d.contentHash() == null || !SHA256.matcher(d.contentHash()).matches()) {
                throw bad("dataset " + d.name() + " has no sha256 content hash");
            }
        }
        if (plan.items().isEmpty()) {
            throw bad("it has no items");
        }
        Set<WorkItem> seen = new HashSet<>();
        for (WorkItem item : plan.items()) {
            if (item == null) {
                throw bad("an item is empty");
            }
            if (!datasets.contains(item.dataset())) {
                throw bad("an item names dataset '" + printable(item.dataset()) + "', which the plan does not list");
            }
            safe("task id", item.task());
            if (item.attempt() < 1 || item.attempt() > plan.passAtK()) {
                throw bad("item " + item.label() + " has attempt " + item.attempt() + ", outside 1.." + plan.passAtK());
            }
            if (!seen.add(item)) {
                throw bad("item " + item.label() + " is listed twice");
            }
        }
    }

    /** The plan of {@code runId} (as asked for) and its item {@code index}, both checked. */
    public static WorkItem item(RunPlan plan, String runId, int index, Set<String> allowedBaseUrls) {
        validate(plan, allowedBaseUrls);
        if (!plan.runId().equals(runId)) {
            throw bad("it names run '" + plan.runId() + "' but was read as run " + runId);
        }
        if (index < 0 || index >= plan.items().size()) {
            throw ArenaException.usage("item " + index + " is not in run " + runId + " (" + plan.items().size() + " items)");
        }
        return plan.items().get(index);
    }

    /** The unpacked dataset is the one the run was planned with (its build context's content hash). */
    public static void sameContent(RunPlan plan, String dataset, Path dir) {
        RunPlan.DatasetRef ref = plan.datasets().stream().filter(d -> d.name().equals(dataset)).findFirst()
                .orElseThrow(() -> bad("dataset " + dataset + " is not in the plan"));
        String actual = BuildContext.of(dir).contentHash();
        if (!actual.equals(ref.contentHash())) {
            throw ArenaException.usage("dataset " + dataset + " in the bucket (content " + actual.substring(0, 12)
                    + ") is not the one run " + plan.runId() + " was planned with (" + ref.contentHash().substring(0, 12)
                    + "); upload it again and start a new run");
        }
    }

    private static void settings(EvalSettings s, Set<String> allowedBaseUrls) {
        if (s == null) {
            throw bad("it has no settings");
        }
        if (s.agent() == null || s.agent().isBlank()) {
            throw bad("it names no agent");
        }
        if (s.maxIterations() < 1) {
            throw bad("max iterations must be at least 1, not " + s.maxIterations());
        }
        if (s.taskTimeout() == null || s.taskTimeout().isNegative() || s.taskTimeout().isZero()) {
            throw bad("the task timeout must be positive");
        }
        if (s.buildTimeout().isNegative() || s.buildTimeout().isZero()) {
            throw bad("the build timeout must be positive");
        }
        if (s.memoryBytes() <= 0) {
            throw bad("the memory limit must be more than 0");
        }
        if (!(s.cpus() > 0) || Double.isInfinite(s.cpus())) {
            throw bad("cpus must be more than 0");
        }
        if (s.network() == null || !NETWORKS.contains(s.network())) {
            throw bad("network must be bridge, internal or none, not '" + printable(s.network()) + "'");
        }
        for (String key : s.buildArgs().keySet()) {
            if (!BUILD_ARG.matcher(key).matches()) {
                throw bad("build argument name '" + printable(key) + "' is not a plain name");
            }
        }
        String prompt = s.systemPrompt();
        String sha = s.modelSettings().systemPromptSha256();
        if (prompt != null && prompt.getBytes(StandardCharsets.UTF_8).length > EvalSettings.MAX_SYSTEM_PROMPT_BYTES) {
            throw bad("the system prompt is larger than " + EvalSettings.MAX_SYSTEM_PROMPT_BYTES / 1024 + " KiB");
        }
        if (prompt == null ? sha != null : !ModelSettings.sha256(prompt).equals(sha)) {
            throw bad("the system prompt does not match model_settings.system_prompt_sha256");
        }
        String url = s.modelBaseUrl();
        if (url != null && allowedBaseUrls != null) {
            String scheme = scheme(url);
            if (!scheme.equals("https") && !scheme.equals("http") || !allowedBaseUrls.contains(normalizeUrl(url))) {
                throw bad("model base URL " + printable(url) + " is not one the operator allowed"
                        + " (arena deploy --model-base-url URL; $" + ALLOWED_BASE_URLS_ENV + ")");
            }
        }
    }

    private static String scheme(String url) {
        try {
            String scheme = URI.create(url.strip()).getScheme();
            return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static void safe(String what, String name) {
        if (!Names.isSafe(name)) {
            throw bad(what + " '" + printable(name) + "' may only hold letters, digits, '.', '_' and '-' (at most 63)");
        }
    }

    /** A value from the plan, cut short and on one line, for a message. */
    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() > 80 ? one.substring(0, 80) + "..." : one;
    }

    private static ArenaException bad(String problem) {
        return ArenaException.usage("invalid run plan: " + problem);
    }
}
