package dev.runbook.cli.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runbook.action.Kind;
import dev.runbook.action.Preview;
import dev.runbook.exec.ExecutionListener;
import dev.runbook.exec.Governs;
import dev.runbook.exec.Mode;
import dev.runbook.exec.PromptKind;
import dev.runbook.exec.RunEvent;
import dev.runbook.exec.RunStatus;
import dev.runbook.exec.StepStatus;
import dev.runbook.model.Durations;
import java.io.PrintWriter;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Shows a run to a machine: one JSON object per line and per event, {@code {"event": "step-finished", "runId": ...,
 * "at": "...Z", ...}}, every field of the event (durations in milliseconds as {@code ...Ms}, statuses as their
 * labels). Events arrive already redacted. Live progress is left out: it is for people.
 */
public final class JsonLinesRunListener implements ExecutionListener {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final PrintWriter out;
    private final Function<RunEvent.RunFinished, Map<String, Object>> finishedFields;

    public JsonLinesRunListener(PrintWriter out) {
        this(out, f -> Map.of());
    }

    /** {@code finishedFields}: fields added to {@code run-finished} (the commands that follow the run). */
    public JsonLinesRunListener(PrintWriter out, Function<RunEvent.RunFinished, Map<String, Object>> finishedFields) {
        this.out = out;
        this.finishedFields = finishedFields;
    }

    @Override
    public synchronized void on(RunEvent e) {
        if (e instanceof RunEvent.StepProgress) {
            return;
        }
        try {
            Map<String, Object> m = toMap(e);
            if (e instanceof RunEvent.RunFinished) {
                m.putAll(finishedFields.apply((RunEvent.RunFinished) e));
            }
            out.println(MAPPER.writeValueAsString(m));
            out.flush();
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write event as JSON: " + ex.getMessage(), ex);
        }
    }

    /** The JSON form of an event, also used by tests. */
    public static Map<String, Object> toMap(RunEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", kebab(e.getClass().getSimpleName()));
        for (RecordComponent c : e.getClass().getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(e);
                if (v instanceof Governs) {
                    m.putAll(governs((Governs) v));
                } else if (v instanceof Duration) {
                    m.put(c.getName() + "Ms", ((Duration) v).toMillis());
                } else {
                    m.put(c.getName(), plain(v));
                }
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return m;
    }

    /**
     * What governs a planned step, as fields of {@code step-planned}: {@code region} and {@code account} (null:
     * known at run time) for a step on AWS, {@code timeout} as written, {@code retry}, {@code check},
     * {@code onFailure}, {@code undo} {action, preview} and, for a wait, {@code boundMs} and {@code boundBy}.
     * A field that does not apply is left out.
     */
    private static Map<String, Object> governs(Governs g) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (g.system() != null) {
            m.put("system", g.system());
            m.put("region", g.region());
            m.put("account", g.account());
        }
        putIfSet(m, "timeout", g.timeout());
        if (g.retry() != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("attempts", g.retry().attempts());
            r.put("delay", Durations.written(g.retry().delay()));
            r.put("backoff", g.retry().backoff());
            if (!g.retry().maxDelay().isZero()) {
                r.put("maxDelay", Durations.written(g.retry().maxDelay()));
            }
            m.put("retry", r);
        }
        putIfSet(m, "check", g.check());
        m.put("onFailure", g.onFailure().yamlName());
        if (g.undoAction() != null) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("action", g.undoAction());
            u.put("preview", plain(g.undoPreview()));
            m.put("undo", u);
        }
        if (g.bound() != null) {
            m.put("boundMs", g.bound().toMillis());
            m.put("boundBy", g.boundBy());
        }
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    private static Object plain(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Instant) {
            return v.toString();
        }
        if (v instanceof Duration) {
            return ((Duration) v).toMillis();
        }
        if (v instanceof StepStatus) {
            return ((StepStatus) v).label();
        }
        if (v instanceof RunStatus) {
            return ((RunStatus) v).label();
        }
        if (v instanceof Kind) {
            return ((Kind) v).label();
        }
        if (v instanceof PromptKind) {
            return ((PromptKind) v).label();
        }
        if (v instanceof Mode) {
            return ((Mode) v).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        if (v instanceof Preview) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("summary", ((Preview) v).summary());
            p.put("details", ((Preview) v).details());
            return p;
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> en : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(plain(en.getKey())), plain(en.getValue()));
            }
            return out;
        }
        if (v instanceof Iterable) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Iterable<?>) v) {
                out.add(plain(o));
            }
            return out;
        }
        if (v instanceof Enum) {
            return ((Enum<?>) v).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(v);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
