package dev.runbook.graph;

import static dev.runbook.graph.TestRunbook.ofSteps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runbook.model.Runbook;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StepGraphTest {

    @Test
    void aStepWithoutNeedsFollowsTheStepAboveIt() {
        // given
        Runbook rb = ofSteps("a", "b", "c");

        // when
        StepGraph g = StepGraph.of(rb);

        // then
        assertThat(g.steps()).containsExactly("a", "b", "c");
        assertThat(g.dependencies("a")).isEmpty();
        assertThat(g.dependencies("b")).containsExactly("a");
        assertThat(g.dependencies("c")).containsExactly("b");
        assertThat(g.dependents("a")).containsExactly("b");
        assertThat(g.roots()).containsExactly("a");
    }

    @Test
    void emptyNeedsMakesAStepARootThatRunsBesideTheOthers() {
        // given
        Runbook rb = ofSteps("a", "b", "c<-", "d<-b,c");

        // when
        StepGraph g = StepGraph.of(rb);

        // then
        assertThat(g.roots()).containsExactly("a", "c");
        assertThat(g.dependencies("d")).containsExactly("b", "c");
        assertThat(g.layers()).containsExactly(List.of("a", "c"), List.of("b"), List.of("d"));
        assertThat(g.layerOf("d")).isEqualTo(2);
    }

    @Test
    void explicitNeedsReplaceTheImplicitEdge() {
        // given
        Runbook rb = ofSteps("a", "b", "c<-a");

        // when
        StepGraph g = StepGraph.of(rb);

        // then
        assertThat(g.dependencies("c")).containsExactly("a");
        assertThat(g.dependents("a")).containsExactly("b", "c");
        assertThat(g.dependents("b")).isEmpty();
    }

    @Test
    void unknownNeedsAndSelfNeedsAreLeftOutOfTheGraph() {
        // given
        Runbook rb = ofSteps("a", "b<-a,ghost,b");

        // when
        StepGraph g = StepGraph.of(rb);

        // then
        assertThat(g.dependencies("b")).containsExactly("a");
        assertThat(g.cycle()).isEmpty();
        assertThat(g.contains("ghost")).isFalse();
    }

    @Test
    void topologicalOrderKeepsFileOrderWhenItIsValidAndBreaksTiesByFileOrder() {
        // given: d is written before its dependency e
        Runbook rb = ofSteps("a", "b<-", "c<-a", "d<-e", "e<-b");

        // when
        List<String> order = StepGraph.of(rb).topologicalOrder();

        // then
        assertThat(order).containsExactly("a", "b", "c", "e", "d");
    }

    @Test
    void rejectsCycleAndNamesItsPath() {
        // given: a -> b -> c -> a, where each arrow points at the step that needs the previous one
        Runbook rb = ofSteps("a<-c", "b<-a", "c<-b", "d");

        // when
        StepGraph g = StepGraph.of(rb);

        // then
        assertThat(g.cycle()).contains(List.of("a", "b", "c", "a"));
        assertThat(g.onCycle("b")).isTrue();
        assertThat(g.onCycle("d")).isFalse();
        assertThatThrownBy(g::topologicalOrder).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a -> b -> c -> a");
        assertThatThrownBy(g::layers).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void findsOneCycleForEachGroupOfStepsThatWaitForEachOther() {
        // given: two separate cycles, the second one written first
        Runbook rb = ofSteps("x<-y", "y", "p<-", "q<-p", "r<-q,p", "s<-r", "p2<-s");

        // when
        StepGraph g = StepGraph.of(rb);

        // then
        assertThat(g.cycles()).containsExactly(List.of("x", "y", "x"));
        Runbook two = ofSteps("a<-b", "b", "c<-d", "d");
        assertThat(StepGraph.of(two).cycles()).containsExactly(List.of("a", "b", "a"), List.of("c", "d", "c"));
    }

    @Test
    void namesTheShortestCycleThroughTheFirstStep() {
        // given: a long way round (a b c d a) and a short one (a d a)
        Runbook rb = ofSteps("a<-d", "b<-a", "c<-b", "d<-c,a");

        // when
        List<String> cycle = StepGraph.of(rb).cycle().orElseThrow();

        // then
        assertThat(cycle).containsExactly("a", "d", "a");
    }

    @Test
    void ancestorsAreEveryStepThatMustFinishFirst() {
        // given
        Runbook rb = ofSteps("a", "b", "c<-", "d<-b,c", "e<-c");

        // when
        StepGraph g = StepGraph.of(rb);

        // then
        assertThat(g.ancestors("d")).containsExactly("a", "b", "c");
        assertThat(g.ancestors("a")).isEmpty();
        assertThat(g.isAncestor("a", "d")).isTrue();
        assertThat(g.isAncestor("c", "e")).isTrue();
        assertThat(g.isAncestor("a", "e")).isFalse();
        assertThat(g.isAncestor("d", "a")).isFalse();
        assertThat(g.isAncestor("d", "d")).isFalse();
        assertThat(g.isAncestor("ghost", "d")).isFalse();
    }

    @Test
    void stepsOnACycleAreAncestorsOfEachOtherAndOfWhatFollows() {
        // given
        Runbook rb = ofSteps("a<-b", "b", "c<-b");

        // when
        StepGraph g = StepGraph.of(rb);

        // then
        assertThat(g.isAncestor("a", "a")).isTrue();
        assertThat(g.isAncestor("b", "a")).isTrue();
        assertThat(g.isAncestor("a", "c")).isTrue();
        assertThat(g.isAncestor("c", "a")).isFalse();
    }

    @Test
    void ancestorQueriesAgreeWithABruteForceSearchOnRandomGraphs() {
        // given
        Random random = new Random(42);
        for (int round = 0; round < 30; round++) {
            int n = 2 + random.nextInt(40);
            List<String> specs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                StringBuilder spec = new StringBuilder("s" + i);
                if (random.nextInt(4) > 0) {
                    spec.append("<-");
                    List<String> needs = new ArrayList<>();
                    int k = random.nextInt(3);
                    for (int j = 0; j < k; j++) {
                        // mostly earlier steps, sometimes later ones (cycles)
                        int target = random.nextInt(10) == 0 ? random.nextInt(n) : (i == 0 ? 0 : random.nextInt(i));
                        needs.add("s" + target);
                    }
                    spec.append(String.join(",", needs));
                }
                specs.add(spec.toString());
            }
            StepGraph g = StepGraph.of(ofSteps(specs.toArray(new String[0])));

            // when / then
            for (String x : g.steps()) {
                for (String y : g.steps()) {
                    assertThat(g.isAncestor(x, y)).as("%s before %s in %s", x, y, specs)
                            .isEqualTo(g.ancestors(y).contains(x));
                }
            }
        }
    }

    @Test
    void aChainOfFiftyThousandStepsNeedsNoDeepStack() {
        // given
        int n = 50_000;
        String[] specs = new String[n];
        for (int i = 0; i < n; i++) {
            specs[i] = "s" + i;
        }
        Runbook rb = ofSteps(specs);

        // when
        StepGraph g = StepGraph.of(rb);

        // then
        assertThat(g.cycle()).isEmpty();
        assertThat(g.topologicalOrder()).hasSize(n).startsWith("s0", "s1").endsWith("s49999");
        assertThat(g.layers()).hasSize(n);
        for (int i = 1; i < n; i++) {
            assertThat(g.isAncestor("s0", "s" + i)).isTrue();
            assertThat(g.isAncestor("s" + (i - 1), "s" + i)).isTrue();
            assertThat(g.isAncestor("s" + i, "s" + (i - 1))).isFalse();
        }
        assertThat(g.ancestors("s49999")).hasSize(n - 1);
    }

    @Test
    void aChainOfFiftyThousandStepsClosedIntoACycleIsFound() {
        // given
        int n = 50_000;
        String[] specs = new String[n];
        specs[0] = "s0<-s" + (n - 1);
        for (int i = 1; i < n; i++) {
            specs[i] = "s" + i;
        }

        // when
        StepGraph g = StepGraph.of(ofSteps(specs));

        // then
        assertThat(g.cycle().orElseThrow()).hasSize(n + 1).startsWith("s0", "s1").endsWith("s0");
    }

    @Test
    void aWideGraphAnswersAncestorQueriesExactly() {
        // given: a root, 25,000 independent branches of two steps, and a join
        int width = 25_000;
        List<String> specs = new ArrayList<>();
        specs.add("root");
        List<String> tips = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            specs.add("a" + i + "<-root");
            specs.add("b" + i);
            tips.add("b" + i);
        }
        specs.add("join<-" + String.join(",", tips));

        // when
        StepGraph g = StepGraph.of(ofSteps(specs.toArray(new String[0])));

        // then
        assertThat(g.layers()).hasSize(4);
        assertThat(g.layers().get(1)).hasSize(width);
        for (int i = 0; i < width; i++) {
            assertThat(g.isAncestor("root", "b" + i)).isTrue();
            assertThat(g.isAncestor("a" + i, "join")).isTrue();
            assertThat(g.isAncestor("a" + i, "b" + ((i + 1) % width))).isFalse();
            assertThat(g.isAncestor("b" + i, "a" + i)).isFalse();
        }
    }
}
