package io.github.wasm2mpy.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed command line: options with values ({@code --arch x64}, {@code --arch=x64}, {@code -o DIR}), flags
 * ({@code -v}) and positional arguments, checked against the names a command declares.
 */
final class Arguments {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Arguments() {
    }

    /**
     * Parses {@code args}; {@code withValue} lists options that take a value, {@code flags} those that do not.
     * Aliases are written {@code "-o|--output"}; values are stored under the last (long) name.
     */
    static Arguments parse(List<String> args, Set<String> withValue, Set<String> flags) {
        Map<String, String> valueNames = aliases(withValue);
        Map<String, String> flagNames = aliases(flags);
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                parsed.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                parsed.positional.add(arg);
                continue;
            }
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            if (valueNames.containsKey(name)) {
                String value = inlineValue;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                parsed.values.computeIfAbsent(valueNames.get(name), k -> new ArrayList<>()).add(value);
            } else if (flagNames.containsKey(name) && inlineValue == null) {
                parsed.values.computeIfAbsent(flagNames.get(name), k -> new ArrayList<>()).add("true");
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        return parsed;
    }

    private static Map<String, String> aliases(Set<String> specs) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String spec : specs) {
            String[] parts = spec.split("\\|");
            for (String part : parts) {
                names.put(part, parts[parts.length - 1]);
            }
        }
        return names;
    }

    Optional<String> value(String name) {
        List<String> all = values.get(name);
        if (all == null) {
            return Optional.empty();
        }
        if (all.size() > 1) {
            throw new UsageException("option " + name + " given more than once");
        }
        return Optional.of(all.get(0));
    }

    /** Every value of a repeatable option; comma-separated values are split ({@code --arch x64,armv7m}). */
    List<String> values(String name) {
        return values.getOrDefault(name, List.of()).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    List<String> positional() {
        return List.copyOf(positional);
    }

    /** The single input file, or a usage error naming the command. */
    String input(String command) {
        if (positional.size() != 1) {
            throw new UsageException(command + " takes exactly one input file"
                    + (positional.isEmpty() ? "" : ", got " + positional));
        }
        return positional.get(0);
    }
}
