package dev.arena.result;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the model was asked to answer, as recorded in {@code run.json} and {@code result.json}.
 * Every field null means "not set": nothing was sent and the API's own default applied.
 *
 * @param temperature        sampling temperature, 0..2
 * @param maxOutputTokens    cap on one answer, reasoning included, at least 1
 * @param reasoningEffort    one of {@link #EFFORTS}
 * @param systemPromptSha256 sha256 (hex) of the system prompt given with --system-prompt-file;
 *                           null when the agent's built-in prompt was used
 */
public record ModelSettings(Double temperature, Integer maxOutputTokens, String reasoningEffort, String systemPromptSha256) {
    public static final ModelSettings NONE = new ModelSettings(null, null, null, null);
    public static final double MAX_TEMPERATURE = 2.0;
    /** In order of effort. */
    public static final List<String> EFFORTS = List.of("minimal", "low", "medium", "high");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> FIELDS = Set.of("temperature", "max_output_tokens", "reasoning_effort", "system_prompt_sha256");

    /** Rejects values no flag can produce, so a stored file cannot carry them either. */
    public ModelSettings {
        if (temperature != null && !(temperature >= 0 && temperature <= MAX_TEMPERATURE)) {
            throw new IllegalArgumentException("model_settings.temperature must be between 0 and 2, not " + temperature);
        }
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw new IllegalArgumentException("model_settings.max_output_tokens must be at least 1, not " + maxOutputTokens);
        }
        if (reasoningEffort != null && !EFFORTS.contains(reasoningEffort)) {
            throw new IllegalArgumentException("model_settings.reasoning_effort must be one of " + String.join(", ", EFFORTS));
        }
        if (systemPromptSha256 != null && !SHA256.matcher(systemPromptSha256).matches()) {
            throw new IllegalArgumentException("model_settings.system_prompt_sha256 must be 64 lowercase hex digits");
        }
    }

    /**
     * Reads the stored object strictly, as a stranger may have written it: each field absent,
     * null or of exactly its type (a number as text, a fraction of a token or an unknown field is
     * an error, not something to coerce). Jackson turns the exception into a failed read.
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ModelSettings fromJson(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("model_settings must be an object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("model_settings has an unknown field '" + name + "'");
            }
        });
        JsonNode t = node.path("temperature");
        JsonNode max = node.path("max_output_tokens");
        JsonNode effort = node.path("reasoning_effort");
        JsonNode sha = node.path("system_prompt_sha256");
        if (!absent(t) && !t.isNumber()) {
            throw new IllegalArgumentException("model_settings.temperature must be a number");
        }
        if (!absent(max) && !(max.isIntegralNumber() && max.canConvertToInt())) {
            throw new IllegalArgumentException("model_settings.max_output_tokens must be a whole number");
        }
        if (!absent(effort) && !effort.isTextual()) {
            throw new IllegalArgumentException("model_settings.reasoning_effort must be text");
        }
        if (!absent(sha) && !sha.isTextual()) {
            throw new IllegalArgumentException("model_settings.system_prompt_sha256 must be text");
        }
        return new ModelSettings(absent(t) ? null : t.doubleValue(), absent(max) ? null : max.intValue(),
                absent(effort) ? null : effort.textValue(), absent(sha) ? null : sha.textValue());
    }

    private static boolean absent(JsonNode value) {
        return value.isMissingNode() || value.isNull();
    }

    /** The hex sha256 of a system prompt's UTF-8 bytes. */
    public static String sha256(String prompt) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @JsonIgnore
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** "temperature 0.2, reasoning effort high, ...": the fields that are set, or "API defaults". */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (temperature != null) {
            parts.add("temperature " + temperature);
        }
        if (maxOutputTokens != null) {
            parts.add("max output tokens " + maxOutputTokens);
        }
        if (reasoningEffort != null) {
            parts.add("reasoning effort " + reasoningEffort);
        }
        if (systemPromptSha256 != null) {
            parts.add("system prompt sha256 " + systemPromptSha256.substring(0, 12));
        }
        return parts.isEmpty() ? "API defaults" : String.join(", ", parts);
    }

    /**
     * Where these settings and {@code other} differ, one "name a vs b" each ("default" for unset);
     * empty when they are the same. A null side counts as all unset.
     */
    public List<String> differences(ModelSettings other) {
        ModelSettings a = this;
        ModelSettings b = other == null ? NONE : other;
        List<String> out = new ArrayList<>();
        differ(out, "temperature", a.temperature, b.temperature);
        differ(out, "max output tokens", a.maxOutputTokens, b.maxOutputTokens);
        differ(out, "reasoning effort", a.reasoningEffort, b.reasoningEffort);
        differ(out, "system prompt", shortSha(a.systemPromptSha256), shortSha(b.systemPromptSha256));
        return out;
    }

    private static String shortSha(String sha) {
        return sha == null ? null : "sha256 " + sha.substring(0, 12);
    }

    private static void differ(List<String> out, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(name + " " + (a == null ? "default" : a) + " vs " + (b == null ? "default" : b));
        }
    }
}
