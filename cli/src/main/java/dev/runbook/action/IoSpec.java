package dev.runbook.action;

/** One declared input or output of an action. Input names are kebab-case; output names are camelCase. */
public record IoSpec(String name, ValueType type, boolean required, String description) {

    public static IoSpec required(String name, ValueType type, String description) {
        return new IoSpec(name, type, true, description);
    }

    public static IoSpec optional(String name, ValueType type, String description) {
        return new IoSpec(name, type, false, description);
    }

    public static IoSpec output(String name, ValueType type, String description) {
        return new IoSpec(name, type, false, description);
    }
}
