package dev.rehearsal.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line flags of the form {@code --name value} or {@code --name=value}. Unknown flags are
 * refused by name, so that a typo never silently runs the default benchmark.
 */
final class Flags {

    private final Map<String, String> values = new LinkedHashMap<>();

    private Flags() {
    }

    static Flags parse(String[] args, Set<String> known) {
        Flags flags = new Flags();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected a flag such as --items, found '" + arg + "'");
            }
            String name;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("flag --" + name + " needs a value");
                }
                value = args[++i];
            }
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + "; known: --" + String.join(", --", known));
            }
            flags.values.put(name, value);
        }
        return flags;
    }

    String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("flag --" + name + " is required");
        }
        return v;
    }

    long number(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("flag --" + name + " must be a whole number >= 0, was '" + v + "'");
        }
    }

    int integer(String name, int fallback) {
        long n = number(name, fallback);
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("flag --" + name + " is too large: " + n);
        }
        return (int) n;
    }
}
