package org.lotterylab.store;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.lotterylab.metrics.SplitCategory;

/**
 * What {@code summary.json} says of a complete run, the file written last: its split category,
 * the levels where it split and degraded, how many levels it stored and planned and whether a stop
 * rule ended it early, and its dense and final test results.
 *
 * <p>The JSON keys are the record's snake_case names ({@code split_level},
 * {@code dense_test_acc}, ...), the names of the run table's columns ({@link Runs#summary()}).
 * Summaries written by earlier versions of the library used camelCase keys ({@code splitLevel},
 * {@code denseTestAccuracy}, ...); each old key is declared beside its component
 * ({@link JsonAlias}), so those runs load unchanged. Keys this version does not know are
 * ignored, so a run written by a later version loads too.
 *
 * @param hash             the run's hash
 * @param category         the split category ({@link SplitCategory} constant name)
 * @param splitLevel       the first level whose split value is 0, or null if none
 * @param degradationLevel the first level whose split value is below 0, or null if none
 * @param levels           levels stored (0..levels-1)
 * @param plannedLevels    levels of the schedule, level 0 included
 * @param stopped          whether a stop rule ended the run before its last planned level
 * @param denseTestAcc     test accuracy of level 0
 * @param finalTestAcc     test accuracy of the last stored level
 * @param finalTestLoss    test loss of the last stored level
 * @param finalTestAccPerTask the last level's test accuracy of each task, in task order
 * @param finalPrunable    prunable parameters the last level keeps
 * @param finalDensity     the last level's density (kept over original prunable parameters)
 * @param finished         when the run was completed (ISO-8601 instant), or null if not recorded
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunSummary(
        @JsonProperty(value = "hash", required = true) String hash,
        @JsonProperty(value = "category", required = true) String category,
        @JsonProperty("split_level") @JsonAlias("splitLevel") Integer splitLevel,
        @JsonProperty("degradation_level") @JsonAlias("degradationLevel") Integer degradationLevel,
        @JsonProperty(value = "levels", required = true) int levels,
        @JsonProperty("planned_levels") @JsonAlias("plannedLevels") int plannedLevels,
        @JsonProperty(value = "stopped", required = true) boolean stopped,
        @JsonProperty("dense_test_acc") @JsonAlias("denseTestAccuracy") double denseTestAcc,
        @JsonProperty("final_test_acc") @JsonAlias("finalTestAccuracy") double finalTestAcc,
        @JsonProperty("final_test_loss") @JsonAlias("finalTestLoss") double finalTestLoss,
        @JsonProperty("final_test_acc_t") @JsonAlias("finalTestAccuracyPerTask") List<Double> finalTestAccPerTask,
        @JsonProperty("final_prunable") @JsonAlias("finalPrunable") int finalPrunable,
        @JsonProperty("final_density") @JsonAlias("finalDensity") double finalDensity,
        @JsonProperty("finished") String finished) {

    /** Reads old and new summaries alike; NaN stays a number ({@code NaN} token) as written. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final ObjectMapper PRETTY = MAPPER.copy()
            .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

    public RunSummary {
        Objects.requireNonNull(category, "category");
        finalTestAccPerTask = finalTestAccPerTask == null ? List.of() : List.copyOf(finalTestAccPerTask);
    }

    /** {@link #splitLevel} as an optional. */
    public OptionalInt split() {
        return splitLevel == null ? OptionalInt.empty() : OptionalInt.of(splitLevel);
    }

    /** {@link #degradationLevel} as an optional. */
    public OptionalInt degradation() {
        return degradationLevel == null ? OptionalInt.empty() : OptionalInt.of(degradationLevel);
    }

    /** The category as its enum constant. */
    public SplitCategory splitCategory() {
        return SplitCategory.valueOf(category);
    }

    /** The JSON form, indented with a trailing newline, as {@code summary.json} holds it. */
    public String toJson() {
        try {
            return PRETTY.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a summary (of this or an earlier version).
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    static RunSummary parse(String json) {
        try {
            RunSummary s = MAPPER.readValue(json, RunSummary.class);
            if (s == null) {
                throw new IllegalArgumentException("it is empty");
            }
            return s;
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            throw new IllegalArgumentException(m.contains("category") ? "it lacks the category" : m, e);
        }
    }
}
