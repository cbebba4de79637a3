package dev.runbook.cli;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * The command line is built with picocli's programmatic API, not from annotations: building it from annotations
 * reflects over every field and method of a command and makes a proxy class per annotation type, on every start
 * (docs/performance.md). Each command declares its model in a static {@code spec(CliContext)} and binds each option
 * to one of its fields with {@link #set} (and {@link #get} for a collection, which picocli fills in place).
 */
final class CommandSpecs {
    /** The key picocli gives its standard help options: {@link CommandSpec#mixinStandardHelpOptions()} looks for it. */
    private static final String STANDARD_HELP = "mixinStandardHelpOptions";

    private CommandSpecs() {
    }

    /** A command named {@code name} running {@code command}, with its description paragraphs and no option yet. */
    static CommandSpec command(Object command, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
        spec.usageMessage().description(description);
        return spec;
    }

    /**
     * The {@code Examples:} section at the end of a command's help: command lines a user can copy. The first line of
     * the command's description is its one-line summary in the command list.
     */
    static void examples(CommandSpec spec, String... commandLines) {
        String[] lines = new String[commandLines.length];
        for (int i = 0; i < lines.length; i++) {
            // picocli formats footer lines: a literal % must be doubled
            lines[i] = "  " + commandLines[i].replace("%", "%%");
        }
        spec.usageMessage().footerHeading("%nExamples:%n").footer(lines);
    }

    /**
     * Adds {@code -h, --help} and {@code -V, --version}, as {@code mixinStandardHelpOptions = true} does (which builds
     * them from annotations). Call it last: unsorted help lists them after the command's own options.
     */
    static CommandSpec withStandardHelp(CommandSpec spec) {
        CommandSpec help = CommandSpec.create();
        help.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        help.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec.addMixin(STANDARD_HELP, help);
    }

    /**
     * An option bound by the caller's setter. The command object is new, so its fields hold their initial values:
     * picocli need not reset them before parsing (it would set null, also into a boolean).
     */
    static OptionSpec.Builder option(String... names) {
        return OptionSpec.builder(names).hasInitialValue(false);
    }

    /** A positional parameter bound by the caller's setter; see {@link #option}. */
    static PositionalParamSpec.Builder positional() {
        return PositionalParamSpec.builder().hasInitialValue(false);
    }

    /** The description of {@code --audit-log} where it names the log to read. */
    static final String AUDIT_LOG = "The audit log (default: the one 'runbook run' writes to).";

    /** {@code --output=FORMAT}: text (the default) or json. */
    static OptionSpec outputOption(String description, Consumer<OutputFormat> field) {
        return option("--output").paramLabel("FORMAT").type(OutputFormat.class).defaultValue("text")
                .description(description).setter(set(field)).build();
    }

    /** {@code --audit-log=FILE}. */
    static OptionSpec auditLogOption(String description, Consumer<String> field) {
        return option("--audit-log").paramLabel("FILE").type(String.class).description(description)
                .setter(set(field)).build();
    }

    /** {@code -p, --param=NAME=VALUE}, repeatable. */
    static OptionSpec paramOption(String description, Supplier<Map<String, String>> getter,
            Consumer<Map<String, String>> setter) {
        return keyValueOption("parameter", getter, setter, "-p", "--param").paramLabel("NAME=VALUE")
                .description(description).build();
    }

    /**
     * A repeatable {@code KEY=VALUE} option filling a map, for {@code what} (a parameter, a step). Its own consumer
     * rather than picocli's map conversion: a word without {@code =VALUE} is told in plain words, with the form to
     * write, and a key given twice is an error naming it (picocli keeps the last value silently). The values are not
     * repeated in either message: they may be secrets.
     */
    static OptionSpec.Builder keyValueOption(String what, Supplier<Map<String, String>> getter,
            Consumer<Map<String, String>> setter, String... names) {
        String option = names[0];
        return option(names).type(Map.class).auxiliaryTypes(String.class, String.class)
                .getter(get(getter)).setter(set(setter))
                .parameterConsumer(new IParameterConsumer() {
                    @Override
                    public void consumeParameters(Stack<String> args, ArgSpec arg, CommandSpec command) {
                        String label = arg.paramLabel();
                        if (args.isEmpty()) {
                            throw new ParameterException(command.commandLine(), option + " needs a value: write "
                                    + option + " " + label);
                        }
                        String pair = args.pop();
                        int eq = pair.indexOf('=');
                        if (eq < 0) {
                            throw new ParameterException(command.commandLine(), option + " " + pair + " has no value: "
                                    + "write " + option + " " + pair + "=VALUE");
                        }
                        String key = pair.substring(0, eq);
                        if (key.isBlank()) {
                            throw new ParameterException(command.commandLine(), option + " " + pair + " has no " + what
                                    + " name before '=': write " + option + " " + label);
                        }
                        Map<String, String> map = getter.get();
                        if (map.containsKey(key)) {
                            throw new ParameterException(command.commandLine(), what + " '" + key + "' is given twice "
                                    + "with " + option + ": give it once");
                        }
                        map.put(key, pair.substring(eq + 1));
                    }
                });
    }

    /** The one {@code FILE}: a runbook. */
    static PositionalParamSpec fileParameter(Consumer<String> field) {
        return positional().index("0").required(true).paramLabel("FILE").type(String.class)
                .description("The runbook file.").setter(set(field)).build();
    }

    /** The one {@code RUN_ID}. */
    static PositionalParamSpec runIdParameter(String description, Consumer<String> field) {
        return positional().index("0").required(true).paramLabel("RUN_ID").type(String.class)
                .description(description).setter(set(field)).build();
    }

    /** {@code PATH...}: one or more files or folders. */
    static PositionalParamSpec pathsParameter(String description, Supplier<List<String>> getter,
            Consumer<List<String>> setter) {
        return positional().arity("1..*").required(true).paramLabel("PATH").type(List.class)
                .auxiliaryTypes(String.class).description(description).getter(get(getter)).setter(set(setter)).build();
    }

    /** Binds an option's value to a field: {@code set((Boolean v) -> command.flag = v)}. */
    static <V> ISetter set(Consumer<V> field) {
        return new ISetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T set(T value) {
                field.accept((V) value);
                return null;
            }
        };
    }

    /** Reads a field back: picocli adds each value of a list or map option to the collection it holds. */
    static IGetter get(Supplier<?> field) {
        return new IGetter() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T get() {
                return (T) field.get();
            }
        };
    }
}
