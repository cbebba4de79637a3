package dev.runbook.cli;

import dev.runbook.actions.aws.AwsAnchors;
import dev.runbook.actions.aws.AwsSettings;
import dev.runbook.audit.Anchor;
import dev.runbook.audit.FileAnchor;
import dev.runbook.error.RunbookException;
import dev.runbook.model.Durations;
import dev.runbook.model.Node;
import dev.runbook.parse.YamlException;
import dev.runbook.parse.YamlReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a run's checkpoints go: {@code --anchor URI} (repeatable) when given, else {@code RUNBOOK_ANCHOR} (URIs
 * separated by commas or spaces), else the config file's {@code audit.anchors}; the config file is
 * {@code $RUNBOOK_CONFIG}, else {@code $XDG_CONFIG_HOME/runbook/config.yaml}, else
 * {@code $HOME/.config/runbook/config.yaml}. {@code --anchor-retention} and {@code --anchor-required} likewise win
 * over the config file's {@code audit.anchor-retention} and {@code audit.anchor-required}. A URI that is not one of
 * {@code file:///PATH}, {@code s3://BUCKET[/PREFIX]} or {@code cloudwatch-logs://GROUP/STREAM} is invalid input
 * (exit 2) naming where it came from.
 */
final class AnchorConfig {
    static final Duration DEFAULT_RETENTION = Duration.ofDays(400);
    static final String SCHEMES = "file:///PATH, s3://BUCKET/PREFIX or cloudwatch-logs://GROUP/STREAM";

    /** One parsed anchor URI and where it was given. */
    record Spec(String uri, String scheme, String where, Path file, String bucketOrGroup, String prefixOrStream) {
    }

    /** What a command resolved: the anchors, the retention for S3 Object Lock, and whether they are required. */
    record Resolved(List<Spec> anchors, Duration retention, boolean required) {
        boolean any() {
            return !anchors.isEmpty();
        }
    }

    private AnchorConfig() {
    }

    static Resolved resolve(CliContext context, List<String> flags, String retentionFlag, boolean requiredFlag) {
        Map<String, String> env = context.env();
        Path configFile = configFile(env);
        Node.Mapping audit = configFile == null ? null : auditSection(configFile);
        List<Spec> specs = new ArrayList<>();
        if (flags != null && !flags.isEmpty()) {
            for (String f : flags) {
                specs.add(parse(f, "--anchor"));
            }
        } else if (env.get("RUNBOOK_ANCHOR") != null && !env.get("RUNBOOK_ANCHOR").isBlank()) {
            for (String u : env.get("RUNBOOK_ANCHOR").trim().split("[,\\s]+")) {
                if (!u.isEmpty()) {
                    specs.add(parse(u, "RUNBOOK_ANCHOR"));
                }
            }
        } else if (audit != null && audit.get("anchors") != null) {
            Node n = audit.get("anchors");
            List<Node> items = n instanceof Node.Sequence ? ((Node.Sequence) n).items() : List.of(n);
            for (Node item : items) {
                if (!(item instanceof Node.Scalar) || !(((Node.Scalar) item).value() instanceof String)) {
                    throw RunbookException.invalid(item.location() + ": audit.anchors: expected a URI (" + SCHEMES
                            + ")");
                }
                specs.add(parse((String) ((Node.Scalar) item).value(), item.location() + ": audit.anchors"));
            }
        }
        Duration retention = DEFAULT_RETENTION;
        if (retentionFlag != null) {
            retention = duration(retentionFlag, "--anchor-retention");
        } else if (audit != null && audit.get("anchor-retention") instanceof Node.Scalar) {
            Node n = audit.get("anchor-retention");
            retention = duration(String.valueOf(((Node.Scalar) n).value()), n.location() + ": audit.anchor-retention");
        }
        boolean required = requiredFlag;
        if (!required && audit != null && audit.get("anchor-required") instanceof Node.Scalar) {
            Object v = ((Node.Scalar) audit.get("anchor-required")).value();
            if (!(v instanceof Boolean)) {
                throw RunbookException.invalid(audit.get("anchor-required").location()
                        + ": audit.anchor-required: expected true or false");
            }
            required = (Boolean) v;
        }
        if (requiredFlag && specs.isEmpty()) {
            throw RunbookException.invalid("--anchor-required needs an anchor: give --anchor URI (or RUNBOOK_ANCHOR, "
                    + "or audit.anchors in the config file)");
        }
        return new Resolved(List.copyOf(specs), retention, required);
    }

    private static Duration duration(String text, String where) {
        try {
            Duration d = Durations.parse(text.trim());
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be more than 0");
            }
            return d;
        } catch (RuntimeException e) {
            throw RunbookException.invalid(where + ": '" + text + "' is not a duration (e.g. 400d, 90d, 12h)");
        }
    }

    static Path configFile(Map<String, String> env) {
        String explicit = env.get("RUNBOOK_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            Path p = Paths.get(explicit);
            if (!Files.isRegularFile(p)) {
                throw RunbookException.invalid("RUNBOOK_CONFIG: no config file at " + p);
            }
            return p;
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path p = xdg != null && !xdg.isBlank() ? Paths.get(xdg, "runbook", "config.yaml")
                : env.get("HOME") != null && !env.get("HOME").isBlank()
                ? Paths.get(env.get("HOME"), ".config", "runbook", "config.yaml") : null;
        return p != null && Files.isRegularFile(p) ? p : null;
    }

    private static Node.Mapping auditSection(Path file) {
        Node root;
        try {
            root = YamlReader.read(file);
        } catch (YamlException e) {
            throw RunbookException.invalid("config file " + e.problem().format());
        }
        if (root instanceof Node.Scalar && ((Node.Scalar) root).value() == null) {
            return null;
        }
        if (!(root instanceof Node.Mapping)) {
            throw RunbookException.invalid(root.location() + ": the config file must be a mapping");
        }
        Node audit = ((Node.Mapping) root).get("audit");
        if (audit == null || (audit instanceof Node.Scalar && ((Node.Scalar) audit).value() == null)) {
            return null;
        }
        if (!(audit instanceof Node.Mapping)) {
            throw RunbookException.invalid(audit.location() + ": audit: expected a mapping (anchors, "
                    + "anchor-retention, anchor-required)");
        }
        return (Node.Mapping) audit;
    }

    /** Parses one anchor URI; {@code where} names the option, variable or config entry in the error. */
    static Spec parse(String text, String where) {
        String t = text.trim();
        int colon = t.indexOf("://");
        if (colon <= 0) {
            throw RunbookException.invalid(where + ": '" + text + "' is not an anchor URI (" + SCHEMES + ")");
        }
        String scheme = t.substring(0, colon);
        String rest = t.substring(colon + 3);
        switch (scheme) {
            case "file": {
                Path p;
                try {
                    p = Paths.get(new URI(t));
                } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                    throw RunbookException.invalid(where + ": '" + text + "' is not a file URI: give file:///ABSOLUTE"
                            + "/PATH");
                }
                if (Files.isDirectory(p)) {
                    throw RunbookException.invalid(where + ": '" + text + "' is a folder: name a file in it");
                }
                return new Spec(t, scheme, where, p, null, null);
            }
            case "s3": {
                int slash = rest.indexOf('/');
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                String prefix = slash < 0 ? "" : rest.substring(slash + 1);
                if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                    throw RunbookException.invalid(where + ": '" + text + "': '" + bucket + "' is not an S3 bucket "
                            + "name (3 to 63 lower-case letters, digits, dots and hyphens)");
                }
                return new Spec(t, scheme, where, null, bucket, prefix);
            }
            case "cloudwatch-logs": {
                int slash = rest.lastIndexOf('/');
                String group = slash < 0 ? "" : rest.substring(0, slash);
                String stream = slash < 0 ? rest : rest.substring(slash + 1);
                if (group.isEmpty() || stream.isEmpty() || stream.contains(":") || stream.contains("*")) {
                    throw RunbookException.invalid(where + ": '" + text + "' needs a log group and a stream: "
                            + "cloudwatch-logs://GROUP/STREAM (the stream is the last path segment)");
                }
                return new Spec(t, scheme, where, null, group, stream);
            }
            default:
                throw RunbookException.invalid(where + ": '" + text + "': unknown anchor scheme '" + scheme + "' ("
                        + SCHEMES + ")");
        }
    }

    /** Builds the anchor (an AWS one loads the SDK only now). */
    static Anchor open(Spec s, Duration retention, Clock clock) {
        switch (s.scheme()) {
            case "file":
                return new FileAnchor(s.uri(), s.file());
            case "s3":
                return AwsAnchors.s3(s.uri(), s.bucketOrGroup(), s.prefixOrStream(), retention, AwsSettings.current(),
                        clock);
            default:
                return AwsAnchors.cloudWatchLogs(s.uri(), s.bucketOrGroup(), s.prefixOrStream(), AwsSettings.current(),
                        clock);
        }
    }

    static List<Anchor> openAll(Resolved r, Clock clock) {
        List<Anchor> out = new ArrayList<>();
        for (Spec s : r.anchors()) {
            out.add(open(s, r.retention(), clock));
        }
        return out;
    }
}
