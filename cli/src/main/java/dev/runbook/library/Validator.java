package dev.runbook.library;

import dev.runbook.action.ActionRegistry;
import dev.runbook.check.RunbookChecker;
import dev.runbook.model.Location;
import dev.runbook.model.Problem;
import dev.runbook.parse.ParseResult;
import dev.runbook.parse.RunbookParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Parses and statically checks runbook files: everything that can be known before anything runs. */
public final class Validator {
    /** File, line, column. Written out: the combinator form links five call sites on every cold start. */
    private static final Comparator<Problem> BY_POSITION = new Comparator<>() {
        @Override
        public int compare(Problem a, Problem b) {
            int c = a.location().file().compareTo(b.location().file());
            if (c == 0) {
                c = Integer.compare(a.location().line(), b.location().line());
            }
            return c != 0 ? c : Integer.compare(a.location().column(), b.location().column());
        }
    };

    /** Fewer files than this are checked on the calling thread: a pool would cost more than it saves. */
    static final int PARALLEL_FROM = 32;

    private final RunbookParser parser = new RunbookParser();
    private final RunbookChecker checker;

    public Validator(ActionRegistry registry) {
        this(registry, false);
    }

    /** With {@code strict}, also the checks of {@code validate --strict} ({@link RunbookChecker#strict()}). */
    public Validator(ActionRegistry registry, boolean strict) {
        RunbookChecker checker = new RunbookChecker(registry);
        this.checker = strict ? checker.strict() : checker;
    }

    public Validation validate(Path file) {
        try {
            return check(parser.parse(file));
        } catch (StackOverflowError e) {
            return tooDeep(file.toString());
        }
    }

    /**
     * Every file's validation, in the order given. A library of {@value #PARALLEL_FROM} files or more is checked
     * on up to {@code threads} threads, each file on its own (parsing and checking share nothing but the read-only
     * action registry); the results are the same as one by one.
     */
    public List<Validation> validateAll(List<Path> files, int threads) {
        List<Validation> results = new ArrayList<>(files.size());
        int workers = Math.min(threads, files.size() / (PARALLEL_FROM / 2));
        if (files.size() < PARALLEL_FROM || workers < 2) {
            for (Path f : files) {
                results.add(validate(f));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "validate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Validation>> pending = new ArrayList<>(files.size());
            for (Path f : files) {
                pending.add(pool.submit(() -> validate(f)));
            }
            for (Future<Validation> v : pending) {
                results.add(v.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while validating", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    public Validation validate(String displayName, String text) {
        try {
            return check(parser.parse(displayName, text));
        } catch (StackOverflowError e) {
            return tooDeep(displayName);
        }
    }

    /**
     * A backstop behind the reader's and the expressions' nesting limits: a file that still exhausts the stack is
     * one problem of that file, so that {@code validate DIR} goes on with the others.
     */
    private static Validation tooDeep(String file) {
        return new Validation(file, null, List.of(Problem.error(Location.ofFile(file),
                "the file is nested too deeply to be checked")));
    }

    private Validation check(ParseResult parsed) {
        List<Problem> problems = new ArrayList<>(parsed.problems());
        if (parsed.runbook() != null) {
            problems.addAll(checker.check(parsed.runbook()));
        }
        problems.sort(BY_POSITION);
        return new Validation(parsed.file(), parsed.runbook(), problems);
    }
}
