package dev.passage.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bench's settings: {@code --name=value} arguments over {@code -Dbench.name=value} system properties
 * over the defaults; an unknown name or a value out of range is one clear sentence
 * ({@link IllegalArgumentException}), {@code --help} an empty one.
 */
final class Knobs {
    private final Map<String, String> values;
    private final Map<String, String> help;

    private Knobs(Map<String, String> values, Map<String, String> help) {
        this.values = values;
        this.help = help;
    }

    /** Declares the settings as {@code name, default, description} triples, then reads {@code args}. */
    static Knobs parse(String[] args, String... declared) {
        Map<String, String> v = new LinkedHashMap<>();
        Map<String, String> h = new LinkedHashMap<>();
        for (int i = 0; i + 2 < declared.length; i += 3) {
            v.put(declared[i], declared[i + 1]);
            h.put(declared[i], declared[i + 2]);
        }
        for (String key : List.copyOf(v.keySet())) {
            String prop = System.getProperty("bench." + key);
            if (prop != null) {
                v.put(key, prop);
            }
        }
        for (String arg : args) {
            if (arg.equals("-h") || arg.equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("Arguments look like --name=value, not '" + arg + "'.");
            }
            String key = arg.substring(2, arg.indexOf('='));
            if (!v.containsKey(key)) {
                throw new IllegalArgumentException("Unknown setting '" + key + "'; the settings are " + v.keySet() + ".");
            }
            v.put(key, arg.substring(arg.indexOf('=') + 1));
        }
        return new Knobs(v, h);
    }

    /**
     * As {@link #parse}, for a bench's {@code main}: {@code --help} prints the settings and exits 0, a
     * wrong argument prints its sentence and the settings and exits 2.
     */
    static Knobs parseOrExit(String[] args, String command, String... declared) {
        try {
            return parse(args, declared);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(command + ": " + e.getMessage());
            }
            System.err.println("bench/run " + command + " [--name=value …]\n" + parse(new String[0], declared).usage());
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            throw e; // not reached
        }
    }

    /** The settings with their defaults and descriptions, one a line. */
    String usage() {
        StringBuilder out = new StringBuilder();
        values.forEach((k, d) -> out.append(String.format("  --%-22s %s (now: %s)%n", k + "=…", help.get(k), d)));
        return out.toString();
    }

    String string(String key) {
        return values.get(key).trim();
    }

    int integer(String key, int min, int max) {
        try {
            int n = Integer.parseInt(string(key));
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ", not '"
                    + values.get(key) + "'.");
        }
    }

    double number(String key, double min, double max) {
        try {
            double d = Double.parseDouble(string(key));
            if (!(d >= min && d <= max)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number from " + min + " to " + max + ", not '"
                    + values.get(key) + "'.");
        }
    }

    String oneOf(String key, String... allowed) {
        String v = string(key).toUpperCase(java.util.Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + String.join(", ", allowed) + ", not '" + values.get(key) + "'.");
    }
}
