package dev.runbook.exec;

import java.util.List;

/**
 * A tabletop's team ({@link Mode#TABLETOP}): who took part, and the note it records on each step walked through (a
 * gap, a question, "ok"). The executor asks for notes one step at a time, in file order, after the step is shown;
 * an implementation that cannot ask throws {@link PromptUnavailableException} and must never block without a person.
 */
public interface TabletopNotes {
    /** No participants, no notes. */
    TabletopNotes NONE = new TabletopNotes() {
        @Override
        public List<String> participants() {
            return List.of();
        }

        @Override
        public Answer<String> note(StepRef step) {
            return Answer.of(null);
        }
    };

    /** Who took part (recorded once, at the start of the walk-through). */
    List<String> participants();

    /** The note on the step just shown, and who gave it (null: the operator); a null or blank value: none. */
    Answer<String> note(StepRef step);
}
