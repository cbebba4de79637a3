package dev.runbook.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version recorded by the build in {@code dev/runbook/version.properties}. */
public final class VersionProvider implements IVersionProvider {

    /** The tool's version, e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} outside a build. */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dev/runbook/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "runbook " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
        };
    }
}
