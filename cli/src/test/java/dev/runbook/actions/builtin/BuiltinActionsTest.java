package dev.runbook.actions.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.Action;
import dev.runbook.action.IoSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuiltinActionsTest {

    @Test
    void providesTheSixBuiltInActionsOfTheFormat() {
        assertThat(new BuiltinActions().actions()).extracting(Action::name)
                .containsExactly("manual", "sleep", "assert", "exec", "http", "wait");
    }

    @Test
    void everySpecNamesInputsInKebabCaseAndOutputsInCamelCaseWithTypesAndDescriptions() {
        for (Action a : new BuiltinActions().actions()) {
            assertThat(a.spec().description()).as(a.name()).isNotBlank().doesNotContain("\n");
            List<IoSpec> inputs = a.spec().inputs();
            assertThat(inputs).as(a.name() + " inputs").allSatisfy(i -> {
                assertThat(i.name()).matches("[a-z][a-z0-9]*(-[a-z0-9]+)*");
                assertThat(i.type()).isNotNull();
                assertThat(i.description()).isNotBlank();
            });
            assertThat(a.spec().outputs()).as(a.name() + " outputs").allSatisfy(o -> {
                assertThat(o.name()).matches("[a-z][a-zA-Z0-9]*");
                assertThat(o.type()).isNotNull();
                assertThat(o.description()).isNotBlank();
            });
        }
    }
}
