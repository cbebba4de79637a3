package dev.runbook.cli;

import static dev.runbook.cli.Cli.cli;
import static dev.runbook.cli.RunIT.runbook;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An HTTP error's body is shown once and shortened; the audit record keeps all of it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpErrorOutputIT {
    private static final String BODY = "upstream broke: " + "y".repeat(3000);

    @TempDir
    Path tmp;

    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] answer = BODY.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void theBodyIsShownOnceShortenedAndRecordedWhole() throws Exception {
        Path log = tmp.resolve("audit.jsonl");
        Cli.Result r = cli().run("run", runbook("http-error.yaml"), "--audit-log", log.toString(),
                "-p", "url=http://127.0.0.1:" + server.getAddress().getPort());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.out()).contains("answered 500, expected 2xx: upstream broke: yyyy")
                .contains(" more characters: the whole text is in the audit record)")
                .contains("step 'probe' failed: see above")
                .doesNotContain("y".repeat(500));
        assertThat(r.out().split("upstream broke", -1)).as("shown once").hasSize(2);
        assertThat(Files.readString(log)).contains("\"step-failed\"").contains(BODY);
    }
}
