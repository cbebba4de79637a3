package dev.runbook.actions.aws;

import dev.runbook.action.Action;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** One WireMock server and one set of clients per test class; stubs and the request log are reset per test. */
abstract class ServiceTestBase {
    static WireMockAws wm;
    static AwsClients clients;

    @BeforeAll
    static void startStandIn() {
        wm = new WireMockAws();
        clients = new AwsClients(Aws.settings(wm.endpoint()));
    }

    @AfterAll
    static void stopStandIn() {
        clients.close();
        wm.close();
    }

    @AfterEach
    void resetStandIn() {
        wm.server.resetAll();
    }

    static Action action(String name) {
        return Aws.action(name, () -> clients);
    }
}
