package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an {@code exec} step's child gets from the run, through the command line in-process: values of
 * {@code shell: true} scripts as data, the run's AWS options as variables, and an end on timeout that reaches a
 * process which left the tree.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExecChildIT {
    @TempDir
    Path tmp;

    @Test
    void aShellScriptGetsParameterValuesAsDataNotAsCode() {
        Path touched = tmp.resolve("F");
        String value = "x; touch " + touched + " $(touch " + touched + ")";

        Cli.Result r = cli().run("run", RunIT.runbook("shell-values.yaml"), "-p", "name=" + value);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(touched).doesNotExist();
        assertThat(r.out()).contains("hello " + value).contains("single " + value).contains("bare " + value);
    }

    @Test
    void theRunsRegionProfileAndEndpointReachExecStepsUnlessTheStepSetsThem() {
        Cli.Result r = cli().run("run", RunIT.runbook("aws-env.yaml"), "--region", "eu-west-3", "--profile",
                "dr-drill", "--endpoint-url", "http://127.0.0.1:1");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.out()).contains("region=eu-west-3 default=eu-west-3 profile=dr-drill "
                + "endpoint=http://127.0.0.1:1").contains("own=ap-south-1");
    }

    @Test
    void aTimeoutEndsAProcessThatLeftTheTreeWithSetsid() throws Exception {
        Path pidfile = tmp.resolve("orphan.pid");

        Cli.Result r = cli().run("run", RunIT.runbook("escape.yaml"), "-p", "pidfile=" + pidfile);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("timed out");
        ProcessHandle orphan = ProcessHandle.of(Long.parseLong(Files.readString(pidfile).trim())).orElse(null);
        try {
            if (orphan != null) {
                orphan.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            orphan.destroyForcibly();
            throw new AssertionError("the orphan " + orphan.pid() + " outlived the step's timeout");
        }
    }
}
