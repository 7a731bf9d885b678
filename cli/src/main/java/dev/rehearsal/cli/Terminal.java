package dev.rehearsal.cli;

import java.io.Console;

/**
 * The terminal the command runs in, if any: where it asks questions (a token at login, "cancel?" on
 * Ctrl-C) and whether a progress bar may redraw its line. Without one (a pipe, a script, a test), the
 * command asks nothing and prints progress as plain lines.
 */
interface Terminal {

    /** Whether a person can be asked and a line redrawn. */
    boolean interactive();

    /** Asks and reads one line; null at end of input. */
    String ask(String prompt);

    /** Asks for a secret without echoing it; null at end of input. */
    char[] askSecret(String prompt);

    /** Columns, for the progress bar. */
    int width();

    /** No terminal: nothing is asked. */
    Terminal NONE = new Terminal() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public String ask(String prompt) {
            return null;
        }

        @Override
        public char[] askSecret(String prompt) {
            return null;
        }

        @Override
        public int width() {
            return 80;
        }
    };

    /** The process's console when both its input and output are a terminal, else {@link #NONE}. */
    static Terminal system(java.util.Map<String, String> env) {
        Console console = System.console();
        if (console == null) {
            return NONE;
        }
        return new Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String ask(String prompt) {
                return console.readLine("%s", prompt);
            }

            @Override
            public char[] askSecret(String prompt) {
                return console.readPassword("%s", prompt);
            }

            @Override
            public int width() {
                try {
                    return Math.max(40, Integer.parseInt(env.getOrDefault("COLUMNS", "80").trim()));
                } catch (NumberFormatException e) {
                    return 80;
                }
            }
        };
    }
}
