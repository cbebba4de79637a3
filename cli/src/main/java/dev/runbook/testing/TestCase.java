package dev.runbook.testing;

import dev.runbook.model.Location;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of a runbook test file: parameters, scripted answers, fixtures per step and what must come out. Expected
 * values are plain YAML values; {@code expectSteps} maps a step id to a status label such as {@code succeeded}.
 */
public record TestCase(
        String name,
        Location location,
        Map<String, Object> params,
        boolean yes,
        Map<String, String> confirms,
        List<String> acks,
        Instant now,
        Map<String, StepFixtures> fixtures,
        String expectStatus,
        Map<String, String> expectSteps,
        Map<String, Object> expectOutputs,
        String expectMessage,
        Map<String, List<String>> approve) {

    public TestCase {
        params = params == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        confirms = confirms == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(confirms));
        acks = acks == null ? List.of() : List.copyOf(acks);
        fixtures = fixtures == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fixtures));
        expectSteps = expectSteps == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(expectSteps));
        approve = approve == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(approve));
        expectOutputs = expectOutputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(expectOutputs));
    }
}
