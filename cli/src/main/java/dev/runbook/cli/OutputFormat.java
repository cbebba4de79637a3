package dev.runbook.cli;

/** The {@code --output} choices. */
enum OutputFormat {
    text, json
}
