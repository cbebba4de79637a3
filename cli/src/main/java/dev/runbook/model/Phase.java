package dev.runbook.model;

import java.util.Locale;

/** The incident phase a step belongs to (an extension used by drills to split the RTO). */
public enum Phase {
    DETECT, DECIDE, RECOVER, VERIFY;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase fromYaml(String s) {
        for (Phase p : values()) {
            if (p.yamlName().equals(s)) {
                return p;
            }
        }
        return null;
    }
}
