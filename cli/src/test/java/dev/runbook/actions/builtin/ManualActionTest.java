package dev.runbook.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Inputs;
import dev.runbook.action.IoSpec;
import dev.runbook.action.Kind;
import dev.runbook.action.Outputs;
import dev.runbook.action.ValueType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManualActionTest {
    private final ManualAction action = new ManualAction();
    private final FakeActionContext context = new FakeActionContext();

    @Test
    void declaresAnOptionalChecklistAndWhoAcknowledgedWhen() {
        assertThat(action.spec().name()).isEqualTo("manual");
        assertThat(action.spec().kind()).isEqualTo(Kind.READ_ONLY);
        assertThat(action.spec().inputs()).extracting(IoSpec::name, IoSpec::type, IoSpec::required)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("checklist", ValueType.LIST, false));
        assertThat(action.spec().outputs()).extracting(IoSpec::name, IoSpec::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acknowledgedBy", ValueType.STRING),
                        org.assertj.core.groups.Tuple.tuple("at", ValueType.TIMESTAMP));
    }

    @Test
    void acknowledgesEachItemInOrderAndSaysWhoAndWhen() throws Exception {
        // given
        Inputs inputs = new Inputs(Map.of("checklist", List.of("Incident declared", "Rollback announced")));

        // when
        Outputs out = action.apply(inputs, context);

        // then
        assertThat(context.acknowledged).containsExactly("Incident declared", "Rollback announced");
        assertThat(out.values()).containsEntry("acknowledgedBy", "alice").containsEntry("at", "2026-11-22T04:00:00Z");
    }

    @Test
    void namesEveryoneWhoAcknowledgedWhenPeopleTookTurns() throws Exception {
        // given
        context.acknowledgers.addAll(List.of("alice", "bob", "alice"));

        // when
        Outputs out = action.apply(new Inputs(Map.of("checklist", List.of("a", "b", "c"))), context);

        // then
        assertThat(out.get("acknowledgedBy")).isEqualTo("alice, bob");
    }

    @Test
    void asksForOneItemDoneWithoutAChecklist() throws Exception {
        // when
        action.apply(new Inputs(Map.of()), context);

        // then
        assertThat(context.acknowledged).containsExactly("Done");
    }

    @Test
    void previewCountsAndListsTheItems() {
        assertThat(action.preview(new Inputs(Map.of("checklist", List.of("Incident declared", "Rollback announced"))))
                .summary()).isEqualTo("operator acknowledges 2 items: Incident declared; Rollback announced");
        assertThat(action.preview(new Inputs(Map.of())).summary()).isEqualTo("operator acknowledges 1 item: Done");
    }
}
