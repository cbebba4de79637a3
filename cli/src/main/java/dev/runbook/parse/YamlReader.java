package dev.runbook.parse;

import dev.runbook.error.Messages;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.runbook.model.Location;
import dev.runbook.model.Node;
import dev.runbook.model.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Reads YAML text into a {@link Node} tree that keeps the line and column of every value and key. It reads exactly one
 * document and refuses, with a located {@link Problem}, what runbooks and parameter files have no use for and what
 * could exhaust memory: files over {@value #MAX_BYTES} bytes, anchors and aliases, nesting deeper than
 * {@value #MAX_DEPTH}, tags, duplicate keys, several documents, and text that is not UTF-8.
 *
 * <p>Scalars keep YAML 1.2 core typing: integers become Long (an integer too large for a long stays a String), floats
 * Double, {@code true}/{@code false} Boolean, {@code null}, {@code ~} and an empty value null, everything else a String.
 * The YAML 1.1 words {@code yes}, {@code no}, {@code on}, {@code off} stay strings. {@link Node.Scalar#quoted()} is
 * true for every scalar not written plain: single- or double-quoted, or a {@code |} or {@code >} block.
 *
 * <p>An empty document (empty file, only comments, or a lone {@code ---}) reads as a null {@link Node.Scalar} at 1:1;
 * callers decide whether that is an error.
 */
public final class YamlReader {
    /** The largest file accepted, in bytes (4 MiB). */
    public static final int MAX_BYTES = 4 * 1024 * 1024;
    /** The deepest nesting of lists and mappings accepted. */
    public static final int MAX_DEPTH = 64;

    private static final YAMLFactory FACTORY = new LocatingFactory(YAMLFactory.builder()
            .loaderOptions(loaderOptions())
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
            .disable(YAMLParser.Feature.EMPTY_DOCUMENT_AS_EMPTY_OBJECT));

    private YamlReader() {
    }

    /** Reads one YAML document from memory; {@code displayName} becomes the file of every location. */
    public static Node read(String displayName, String text) throws YamlException {
        List<Problem> problems = new ArrayList<>();
        Node node = read(displayName, text, problems);
        if (!problems.isEmpty()) {
            throw new YamlException(problems.get(0));
        }
        return node;
    }

    /** Reads one YAML document from a file, after checking that it exists, is a readable file, small and UTF-8. */
    public static Node read(Path file) throws YamlException {
        String displayName = file.toString();
        return read(displayName, readText(file, displayName));
    }

    /**
     * Reads one document, adding the problems that do not stop reading (duplicate keys, tags) to {@code problems}
     * and keeping the first value of a duplicated key. Throws only when no tree can be built.
     */
    static Node read(String displayName, String text, List<Problem> problems) throws YamlException {
        if (text.indexOf('\0') >= 0) {
            int at = text.indexOf('\0');
            throw new YamlException(Problem.error(locationOfChar(displayName, text, at),
                    "the file is binary (it contains a NUL character); a runbook is UTF-8 text"));
        }
        if (utf8LengthExceeds(text, MAX_BYTES)) {
            throw tooLarge(displayName);
        }
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        try (YAMLParser parser = FACTORY.createParser(new StringReader(text))) {
            TreeBuilder builder = new TreeBuilder(displayName, text, (LocatingParser) parser, problems);
            return builder.document();
        } catch (JsonProcessingException e) {
            throw new YamlException(syntaxProblem(displayName, text, e));
        } catch (IOException e) {
            throw new YamlException(Problem.error(Location.ofFile(displayName), "cannot read the YAML: " + Messages.describe(e)));
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            // SnakeYAML signals its own limits (code points, depth) unchecked; they are backstops behind ours.
            throw new YamlException(syntaxProblem(displayName, text, e));
        }
    }

    /**
     * The text of a file, refused with a located problem when it is missing, a folder, unreadable, larger than
     * {@value #MAX_BYTES} bytes, binary or not UTF-8. A UTF-8 byte-order mark is dropped. Memory stays bounded: at
     * most {@value #MAX_BYTES} + 1 bytes are ever read.
     */
    public static String readText(Path file, String displayName) throws YamlException {
        Location whole = Location.ofFile(displayName);
        if (Files.isDirectory(file)) {
            throw new YamlException(Problem.error(whole, "is a folder, not a file"));
        }
        byte[] bytes;
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw tooLarge(displayName, Files.size(file));
            }
            bytes = readAtMost(file, MAX_BYTES + 1);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new YamlException(Problem.error(whole, "no such file"));
        } catch (AccessDeniedException e) {
            throw new YamlException(Problem.error(whole, "cannot read the file: permission denied"));
        } catch (FileSystemException e) {
            throw new YamlException(Problem.error(whole, "cannot read the file: " + Messages.describe(e)));
        } catch (IOException e) {
            throw new YamlException(Problem.error(whole, "cannot read the file: " + Messages.describe(e)));
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(displayName);
        }
        return decode(displayName, bytes);
    }

    /** Decodes strict UTF-8, naming the place of the first NUL byte or malformed sequence. */
    static String decode(String displayName, byte[] bytes) throws YamlException {
        if (bytes.length >= 2 && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
                || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
            throw new YamlException(Problem.error(Location.ofFile(displayName),
                    "the file is UTF-16 encoded; save it as UTF-8"));
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new YamlException(Problem.error(locationOfByte(displayName, bytes, i),
                        "the file is binary (it contains a NUL byte); a runbook is UTF-8 text"));
            }
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        try {
            var result = decoder.decode(in, out, true);
            if (result.isError()) {
                result.throwException();
            }
            decoder.flush(out);
        } catch (CharacterCodingException e) {
            int at = in.position();
            throw new YamlException(Problem.error(locationOfByte(displayName, bytes, at), String.format(Locale.ROOT,
                    "the file is not valid UTF-8 (byte 0x%02X); save it as UTF-8", bytes[at] & 0xFF)));
        }
        out.flip();
        String text = out.toString();
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    private static byte[] readAtMost(Path file, int limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(limit);
        }
    }

    private static YamlException tooLarge(String displayName) {
        return new YamlException(Problem.error(Location.ofFile(displayName),
                "the file is larger than 4 MiB, the limit for a runbook"));
    }

    private static YamlException tooLarge(String displayName, long size) {
        return new YamlException(Problem.error(Location.ofFile(displayName), String.format(Locale.ROOT,
                "the file is %.1f MiB, larger than 4 MiB, the limit for a runbook", size / (1024.0 * 1024.0))));
    }

    private static boolean utf8LengthExceeds(String text, int limit) {
        if (text.length() > limit) {
            return true;
        }
        if ((long) text.length() * 3 <= limit) {
            return false;
        }
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
            if (n > limit) {
                return true;
            }
        }
        return false;
    }

    private static Location locationOfByte(String displayName, byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        for (int i = lineStart; i < offset; i++) {
            if ((bytes[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new Location(displayName, line, column);
    }

    private static Location locationOfChar(String displayName, String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Location(displayName, line, offset - lineStart + 1);
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        // Our own limits come first and say more; SnakeYAML's are a backstop.
        options.setCodePointLimit(MAX_BYTES + 1);
        options.setNestingDepthLimit(MAX_DEPTH + 16);
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        return options;
    }

    /** Turns SnakeYAML's multi-line messages into one line at the problem's own position. */
    private static Problem syntaxProblem(String displayName, String text, Throwable e) {
        MarkedYAMLException marked = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException) {
                marked = (MarkedYAMLException) t;
                break;
            }
        }
        if (marked != null && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            Location at = new Location(displayName, mark.getLine() + 1, mark.getColumn() + 1);
            String problem = oneLine(marked.getProblem());
            Location tab = tabInIndentation(displayName, text, mark.getLine() + 1);
            if (tab != null || problem.contains("(TAB)")) {
                return Problem.error(tab != null ? tab : at, "tabs are not allowed for indentation; use spaces");
            }
            String message = "invalid YAML: " + problem.replace("\\t(TAB)", "tab");
            if (marked.getContext() != null && marked.getContextMark() != null) {
                Mark c = marked.getContextMark();
                message += " (" + oneLine(marked.getContext()) + " that starts at " + (c.getLine() + 1) + ":"
                        + (c.getColumn() + 1) + ")";
            }
            String hint = null;
            if (problem.startsWith("mapping values are not allowed")) {
                hint = "a value that contains ': ' must be quoted";
            } else if (problem.contains("<block end>") || problem.contains("could not find expected ':'")) {
                hint = "check the indentation: the keys of one mapping and the items of one list start in the same"
                        + " column";
            }
            return Problem.error(at, message, hint);
        }
        if (e instanceof JsonProcessingException && ((JsonProcessingException) e).getLocation() != null) {
            JsonLocation l = ((JsonProcessingException) e).getLocation();
            String original = ((JsonProcessingException) e).getOriginalMessage();
            String message = original != null && original.startsWith("Expected a field name")
                    ? "invalid YAML: a mapping key must be a plain value, not a list or mapping"
                    : "invalid YAML: " + oneLine(original);
            return Problem.error(new Location(displayName, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr())),
                    message);
        }
        String message = oneLine(e.getMessage());
        if (message.contains("exceeds the limit")) {
            return Problem.error(Location.ofFile(displayName), "the file is larger than 4 MiB, the limit for a runbook");
        }
        return Problem.error(Location.ofFile(displayName), "invalid YAML: " + message);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    /** The first tab in the leading whitespace of line {@code line} (1-based), or null. */
    private static Location tabInIndentation(String displayName, String text, int line) {
        int start = 0;
        for (int l = 1; l < line; l++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                return null;
            }
            start = nl + 1;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                return new Location(displayName, line, i - start + 1);
            }
            if (c != ' ') {
                return null;
            }
        }
        return null;
    }

    /** Walks the token stream of one document, building nodes and refusing what runbooks do not allow. */
    private static final class TreeBuilder {
        private final String file;
        private final String text;
        private final LocatingParser parser;
        private final List<Problem> problems;

        TreeBuilder(String file, String text, LocatingParser parser, List<Problem> problems) {
            this.file = file;
            this.text = text;
            this.parser = parser;
            this.problems = problems;
        }

        Node document() throws IOException, YamlException {
            JsonToken first = next();
            if (first == null) {
                return new Node.Scalar(new Location(file, 1, 1), null, false);
            }
            Node root = value(first, 1);
            if (next() != null) {
                throw new YamlException(Problem.error(documentStart(parser.currentTokenLocation()),
                        "more than one YAML document in the file; a file holds one runbook"));
            }
            if (root instanceof Node.Scalar && ((Node.Scalar) root).value() == null) {
                return new Node.Scalar(new Location(file, 1, 1), null, false);
            }
            return root;
        }

        private JsonToken next() throws IOException, YamlException {
            JsonToken t = parser.nextToken();
            if (t != null && (parser.isCurrentAlias() || parser.getObjectId() != null)) {
                throw new YamlException(Problem.error(here(),
                        "YAML anchors and aliases are not supported in runbooks", "write the value out in full"));
            }
            return t;
        }

        private Node value(JsonToken t, int depth) throws IOException, YamlException {
            if (t == null) {
                throw new YamlException(Problem.error(here(), "invalid YAML: the document ends too early"));
            }
            Location at = here();
            if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth > MAX_DEPTH) {
                throw new YamlException(Problem.error(at,
                        "lists and mappings are nested deeper than " + MAX_DEPTH + " levels"));
            }
            checkTag(at);
            if (t == JsonToken.START_OBJECT) {
                return mapping(at, depth);
            }
            if (t == JsonToken.START_ARRAY) {
                List<Node> items = new ArrayList<>();
                for (JsonToken i = next(); i != JsonToken.END_ARRAY; i = next()) {
                    items.add(value(i, depth + 1));
                }
                return new Node.Sequence(at, items);
            }
            return scalar(t, at);
        }

        private Node.Mapping mapping(Location at, int depth) throws IOException, YamlException {
            List<Node.Entry> entries = new ArrayList<>();
            Map<String, Location> seen = new HashMap<>();
            for (JsonToken k = next(); k != JsonToken.END_OBJECT; k = next()) {
                String key = parser.currentName();
                Location keyAt = here();
                checkTag(keyAt);
                Node v = value(next(), depth + 1);
                Location first = seen.putIfAbsent(key, keyAt);
                if (first != null) {
                    problems.add(Problem.error(keyAt, "duplicate key '" + key + "' (first at " + first.line() + ":"
                            + first.column() + ")"));
                } else {
                    entries.add(new Node.Entry(key, keyAt, v));
                }
            }
            return new Node.Mapping(at, entries);
        }

        private Node.Scalar scalar(JsonToken t, Location at) throws IOException {
            switch (t) {
                case VALUE_NULL:
                    return new Node.Scalar(at, null, false);
                case VALUE_TRUE:
                    return new Node.Scalar(at, Boolean.TRUE, false);
                case VALUE_FALSE:
                    return new Node.Scalar(at, Boolean.FALSE, false);
                case VALUE_NUMBER_INT:
                    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        return new Node.Scalar(at, parser.getText(), false);
                    }
                    return new Node.Scalar(at, parser.getLongValue(), false);
                case VALUE_NUMBER_FLOAT:
                    return new Node.Scalar(at, parser.getDoubleValue(), false);
                default:
                    boolean plain = parser.lastScalarIsPlain();
                    String s = parser.getText();
                    // Jackson reads an empty plain scalar ("key:") as ""; YAML says it is null.
                    if (plain && s.isEmpty()) {
                        return new Node.Scalar(at, null, false);
                    }
                    return new Node.Scalar(at, s, !plain);
            }
        }

        private void checkTag(Location at) throws IOException {
            String tag = parser.lastEventTag();
            if (tag != null && !tag.isEmpty() && !"!".equals(tag)) {
                problems.add(Problem.error(at, "YAML tags ('" + tag + "') are not supported in runbooks",
                        "remove the tag; quote the value to make it a string"));
            }
        }

        private Location here() {
            JsonLocation l = parser.currentTokenLocation();
            return new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
        }

        /** The {@code ---} line that opened the document at {@code l}, when there is one, else {@code l} itself. */
        private Location documentStart(JsonLocation l) {
            String[] lines = text.split("\n", -1);
            for (int i = Math.min(l.getLineNr(), lines.length) - 1; i >= 0; i--) {
                if (lines[i].startsWith("---")) {
                    return new Location(file, i + 1, 1);
                }
            }
            return new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
        }
    }

    /** A YAML factory whose parsers expose the SnakeYAML event behind each token (its style and tag). */
    private static final class LocatingFactory extends YAMLFactory {
        private static final long serialVersionUID = 1L;

        LocatingFactory(YAMLFactoryBuilder builder) {
            super(builder);
        }

        @Override
        protected YAMLParser _createParser(Reader r, IOContext ctxt) {
            return new LocatingParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
        }
    }

    /** Jackson's YAML parser, plus access to whether the current scalar was plain and which tag it carried. */
    private static final class LocatingParser extends YAMLParser {
        LocatingParser(IOContext ctxt, int parserFeatures, int formatFeatures, LoaderOptions options,
                ObjectCodec codec, Reader reader) {
            super(ctxt, parserFeatures, formatFeatures, options, codec, reader);
        }

        boolean lastScalarIsPlain() {
            return !(_lastEvent instanceof ScalarEvent) || ((ScalarEvent) _lastEvent).isPlain();
        }

        String lastEventTag() {
            if (_lastEvent instanceof ScalarEvent) {
                return ((ScalarEvent) _lastEvent).getTag();
            }
            if (_lastEvent instanceof org.yaml.snakeyaml.events.CollectionStartEvent) {
                return ((org.yaml.snakeyaml.events.CollectionStartEvent) _lastEvent).getTag();
            }
            return null;
        }
    }
}
