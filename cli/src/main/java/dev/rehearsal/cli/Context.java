package dev.rehearsal.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command runs with, passed in rather than read from globals, so that the tests run the
 * command in-process with their own environment, home and streams.
 *
 * @param env      the environment variables ({@code REHEARSAL_SERVER}, {@code REHEARSAL_TOKEN},
 *                 {@code XDG_CONFIG_HOME}, {@code COLUMNS})
 * @param home     the user's home directory, under which the credentials file lives
 * @param terminal the terminal, or {@link Terminal#NONE}
 */
record Context(Map<String, String> env, Path home, PrintStream out, PrintStream err, InputStream in, Terminal terminal) {

    static Context system() {
        Map<String, String> env = System.getenv();
        return new Context(env, Path.of(System.getProperty("user.home")), System.out, System.err, System.in,
                Terminal.system(env));
    }
}
