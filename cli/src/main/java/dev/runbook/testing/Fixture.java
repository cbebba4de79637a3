package dev.runbook.testing;

import dev.runbook.model.Location;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a step's action returns in a test: outputs, or an error message, for the next {@code times} calls (the last
 * fixture of a step keeps answering after that). The location is where the test file gave it.
 */
public record Fixture(Location location, Map<String, Object> outputs, String error, int times) {

    public Fixture {
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }
}
