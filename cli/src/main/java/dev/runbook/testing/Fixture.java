package dev.runbook.testing;

import dev.runbook.model.Location;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one call of a step's action returns in a test: outputs, or an error message, answering {@code times} calls
 * (0 means every call from then on).
 */
public record Fixture(Location location, Map<String, Object> outputs, String error, int times) {

    public Fixture {
        outputs = outputs == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }
}
