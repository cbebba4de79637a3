package dev.runbook.cli;

import dev.runbook.cli.console.TerminalConfirmer;
import dev.runbook.error.RunbookException;
import dev.runbook.exec.Answer;
import dev.runbook.exec.PromptUnavailableException;
import dev.runbook.exec.StepRef;
import dev.runbook.exec.TabletopNotes;
import dev.runbook.model.Node;
import dev.runbook.model.Runbook;
import dev.runbook.parse.YamlException;
import dev.runbook.parse.YamlReader;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The team of a {@code run --tabletop}: its participants ({@code --participants}, else asked at the terminal) and
 * its notes per step ({@code --notes-file}, then {@code --note STEP=TEXT}, which wins; a step with neither is asked
 * at the terminal). Without a terminal, a tabletop needs {@code --participants}: who was there is what an auditor
 * asks first, and no prompt waits without a terminal (exit 3).
 */
final class Tabletop {
    /** Who recorded a note given by {@code --note} or {@code --notes-file}. */
    static final String SCRIPTED = "--note";

    private final List<String> participants;
    private final Map<String, String> notes;

    private Tabletop(List<String> participants, Map<String, String> notes) {
        this.participants = participants;
        this.notes = notes;
    }

    /**
     * Checks and gathers the options; {@code --note} and {@code --notes-file} must name steps of the runbook, and a
     * notes file must be a mapping of step ids to text (exit 2 naming file:line:column otherwise).
     */
    static Tabletop of(Runbook runbook, String where, String participants, String notesFile,
            Map<String, String> notes) {
        Map<String, String> all = new LinkedHashMap<>(notesFile == null ? Map.of() : readNotes(notesFile, runbook));
        for (Map.Entry<String, String> n : notes.entrySet()) {
            if (runbook.step(n.getKey()).isEmpty()) {
                throw RunbookException.invalid("--note names step '" + n.getKey() + "', which " + where
                        + " does not have");
            }
            all.put(n.getKey(), n.getValue());
        }
        return new Tabletop(participants == null ? null : split(participants), all);
    }

    /** The participants, comma-separated, trimmed, each once, in the order given. */
    static List<String> split(String text) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String p : text.split(",")) {
            if (!p.isBlank()) {
                out.add(p.strip());
            }
        }
        return new ArrayList<>(out);
    }

    private static Map<String, String> readNotes(String file, Runbook runbook) {
        Node node;
        try {
            node = YamlReader.read(Paths.get(file));
        } catch (YamlException e) {
            throw RunbookException.invalid("--notes-file " + e.problem().format());
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (node instanceof Node.Scalar && ((Node.Scalar) node).value() == null) {
            return out;
        }
        if (!(node instanceof Node.Mapping)) {
            throw RunbookException.invalid("--notes-file " + node.location()
                    + ": expected a mapping of step ids to notes (restore: \"who checks the restore point?\")");
        }
        for (Node.Entry e : ((Node.Mapping) node).entries()) {
            String step = e.key();
            if (runbook.step(step).isEmpty()) {
                throw RunbookException.invalid("--notes-file " + e.keyLocation() + ": names step '" + step
                        + "', which " + runbook.file() + " does not have");
            }
            if (!(e.value() instanceof Node.Scalar) || ((Node.Scalar) e.value()).value() == null) {
                throw RunbookException.invalid("--notes-file " + e.value().location() + ": the note on step '"
                        + step + "' must be text");
            }
            out.put(step, String.valueOf(((Node.Scalar) e.value()).value()));
        }
        return out;
    }

    /**
     * The notes as the executor takes them: the participants given, else asked over {@code prompts} (null: no
     * terminal, which stops the walk-through before anything is recorded, exit 3).
     */
    TabletopNotes notes(TerminalConfirmer prompts) {
        List<String> who = participants;
        if (who == null || who.isEmpty()) {
            if (prompts == null) {
                throw new PromptUnavailableException("a tabletop records who took part, and there is no terminal to"
                        + " ask (nothing has run): pass --participants NAME,NAME");
            }
            who = List.of();
            while (who.isEmpty()) {
                String line = prompts.line("participants (comma-separated): ");
                if (line == null) {
                    throw new PromptUnavailableException("a tabletop records who took part: input ended before"
                            + " the participants were given (nothing has run)");
                }
                who = split(line);
            }
        }
        List<String> team = List.copyOf(who);
        return new TabletopNotes() {
            @Override
            public List<String> participants() {
                return team;
            }

            @Override
            public Answer<String> note(StepRef step) {
                String given = notes.get(step.id());
                if (given != null) {
                    return new Answer<>(given, SCRIPTED);
                }
                return prompts == null ? Answer.of(null) : prompts.note(step);
            }
        };
    }
}
