package dev.runbook.util;

import java.util.regex.Pattern;

/** POSIX shell quoting, for every command line the tool shows to be copied (previews, the command that resumes a run). */
public final class Shell {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {
    }

    /** One argument as a POSIX shell would need it written: as is when safe, else in single quotes. */
    public static String quote(String arg) {
        if (!arg.isEmpty() && SHELL_SAFE.matcher(arg).matches()) {
            return arg;
        }
        return "'" + arg.replace("'", "'\\''") + "'";
    }
}
