package dev.runbook.graph;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runbook.action.ActionRegistry;
import dev.runbook.model.Runbook;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphRendererTest {
    private final ActionRegistry registry = ActionRegistry.of(List.of(
            FakeAction.named("read").build(),
            FakeAction.named("write").mutating().build()));

    private Runbook sample() {
        return TestRunbook.runbook()
                .step("current", s -> s.title("Read the \"alias\" <now> & #1").action("read"))
                .step("end", s -> s.action("write").confirmYes())
                .step("side", s -> s.title("Side\nbranch").action("read").needs())
                .step("join", s -> s.title("Join \\ all").action("write").needs("end", "side"))
                .build();
    }

    @Test
    void textListsEachStepInTopologicalOrderWithLayerActionTitleAndNeeds() {
        // given
        Runbook rb = sample();

        // when
        String text = GraphRenderer.text(rb, StepGraph.of(rb), registry);

        // then
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("1  current  read ").contains("Read the \"alias\" <now> & #1")
                .doesNotContain("<-");
        assertThat(lines.get(1)).startsWith("2  end      write").contains("[mutating]", "[confirm]", "<- current");
        assertThat(lines.get(2)).startsWith("1  side").contains("Side branch");
        assertThat(lines.get(3)).startsWith("3  join").contains("[mutating]", "<- end, side")
                .doesNotContain("[confirm]");
    }

    @Test
    void textOfACyclicGraphKeepsFileOrderAndNamesTheCycle() {
        // given
        Runbook rb = TestRunbook.ofSteps("a<-b", "b");

        // when
        String text = GraphRenderer.text(rb, StepGraph.of(rb));

        // then
        assertThat(text.lines()).containsExactly(
                "?  a  noop  a  <- b",
                "?  b  noop  b  <- a",
                "cycle: a -> b -> a");
    }

    @Test
    void mermaidQuotesAndEscapesLabelsAndStylesMutatingAndConfirmedSteps() {
        // given
        Runbook rb = sample();

        // when
        String mermaid = GraphRenderer.mermaid(rb, StepGraph.of(rb), registry);

        // then
        List<String> lines = mermaid.lines().toList();
        assertThat(lines.get(0)).isEqualTo("flowchart TD");
        assertThat(lines).contains(
                "    s0[\"current<br/>Read the #quot;alias#quot; #lt;now#gt; #amp; #35;1<br/>read\"]",
                "    s1[\"end<br/>write<br/>confirm\"]:::mutatingConfirm",
                "    s2[\"side<br/>Side branch<br/>read\"]",
                "    s3[\"join<br/>Join \\ all<br/>write\"]:::mutating",
                "    s0 --> s1",
                "    s1 --> s3",
                "    s2 --> s3");
        assertThat(lines).anyMatch(l -> l.startsWith("    classDef mutating "));
        // every label is quoted, so no raw quote can end one early
        for (String line : lines) {
            if (line.contains("[\"")) {
                String label = line.substring(line.indexOf("[\"") + 2, line.lastIndexOf("\"]"));
                assertThat(label).doesNotContain("\"");
            }
        }
    }

    @Test
    void dotQuotesIdsEscapesLabelsAndStylesMutatingAndConfirmedSteps() {
        // given
        Runbook rb = sample();

        // when
        String dot = GraphRenderer.dot(rb, StepGraph.of(rb), registry);

        // then
        assertThat(dot).startsWith("digraph \"test-runbook\" {\n").endsWith("}\n");
        assertThat(dot).contains(
                "\"current\" [label=\"current\\nRead the \\\"alias\\\" <now> & #1\\nread\"];",
                "\"end\" [label=\"end\\nwrite\\nconfirm\", style=\"rounded,filled\", fillcolor=\"#fdecea\","
                        + " color=\"#c0392b\", penwidth=2, peripheries=2];",
                "\"join\" [label=\"join\\nJoin \\\\ all\\nwrite\", style=\"rounded,filled\"",
                "\"current\" -> \"end\";",
                "\"end\" -> \"join\";",
                "\"side\" -> \"join\";");
        assertThat(dot).doesNotContain("\"side\" -> \"end\"");
    }

    @Test
    void withoutARegistryNoStepIsStyledAsMutatingButConfirmIsStillMarked() {
        // given
        Runbook rb = sample();

        // when
        String mermaid = GraphRenderer.mermaid(rb, StepGraph.of(rb));

        // then
        assertThat(mermaid).contains("s1[\"end<br/>write<br/>confirm\"]:::confirm").doesNotContain(":::mutating");
    }
}
