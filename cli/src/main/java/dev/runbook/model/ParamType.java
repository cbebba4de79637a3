package dev.runbook.model;

import java.util.Locale;

/** The types a runbook parameter may have. {@code ENUM} is a string restricted to {@code allowed}. */
public enum ParamType {
    STRING, INTEGER, BOOLEAN, DURATION, TIMESTAMP, ENUM;

    /** The name as written in runbooks. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type for a name as written in runbooks, or null. */
    public static ParamType fromYaml(String name) {
        for (ParamType t : values()) {
            if (t.yamlName().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
