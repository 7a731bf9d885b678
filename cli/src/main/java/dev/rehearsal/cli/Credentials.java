package dev.rehearsal.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Where the server's address and the token come from: the command line's {@code --server}, then
 * the environment ({@code REHEARSAL_SERVER}, {@code REHEARSAL_TOKEN}), then the file {@code rehearsal
 * login} wrote, {@code $XDG_CONFIG_HOME/rehearsal/credentials} or {@code ~/.config/rehearsal/credentials}.
 *
 * <p>The file holds a token, so it is written readable by its owner only (0600, in a 0700
 * directory), replaced whole rather than rewritten in place, and refused when anyone else may read
 * it, as ssh refuses a private key others can read.
 */
final class Credentials {

    static final String SERVER_ENV = "REHEARSAL_SERVER";
    static final String TOKEN_ENV = "REHEARSAL_TOKEN";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    /** A server and the token to give it; the token may be absent for a call that needs none. */
    record Resolved(URI server, String token, String tokenFrom) {
    }

    private final Map<String, String> env;
    private final Path file;

    Credentials(Context context) {
        this.env = context.env();
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank() ? Path.of(xdg) : context.home().resolve(".config");
        this.file = config.resolve("rehearsal").resolve("credentials");
    }

    Path file() {
        return file;
    }

    /** The server and token to use; {@code serverOption} is {@code --server}, or null. */
    Resolved resolve(String serverOption) {
        Properties stored = Files.exists(file) ? read() : new Properties();
        String server = firstOf(serverOption, env.get(SERVER_ENV), stored.getProperty("server"));
        if (server == null) {
            throw new CliError(ExitCode.AUTH, "no server: run 'rehearsal login --server URL', set " + SERVER_ENV
                    + ", or give --server");
        }
        String envToken = env.get(TOKEN_ENV);
        if (envToken != null && !envToken.isBlank()) {
            return new Resolved(serverUri(server), envToken.trim(), TOKEN_ENV);
        }
        String token = stored.getProperty("token");
        // A token stored for one server is never sent to another named on the command line.
        if (token != null && serverOption != null && !serverUri(serverOption).equals(serverUri(stored.getProperty("server", "")))) {
            token = null;
        }
        return new Resolved(serverUri(server), token, token == null ? null : file.toString());
    }

    /** Stores the server and its token, owner-only, replacing the file whole. */
    void store(URI server, String token) {
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            }
            Path temp = Files.createTempFile(dir, ".credentials", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            try {
                Properties p = new Properties();
                p.setProperty("server", server.toString());
                p.setProperty("token", token);
                try (Writer w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                    p.store(w, "rehearsal login: the server and its API token. Readable by its owner only.");
                }
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (IOException e) {
            throw new CliError(ExitCode.AUTH, "cannot write the credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes the stored token; true if there was one. */
    boolean forget() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new CliError(ExitCode.AUTH, "cannot delete the credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    private Properties read() {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(perms)) {
                throw new CliError(ExitCode.AUTH, "the credentials file " + file + " may be read by others ("
                        + PosixFilePermissions.toString(perms) + "); it holds a token: run 'chmod 600 " + file
                        + "' or 'rehearsal login' again");
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            return p;
        } catch (UnsupportedOperationException e) {
            throw new CliError(ExitCode.AUTH, "cannot check who may read the credentials file " + file
                    + " (no POSIX permissions here); use " + TOKEN_ENV + " instead", e);
        } catch (IOException e) {
            throw new CliError(ExitCode.AUTH, "cannot read the credentials file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The server's base address, checked: http or https, a host, no query. */
    static URI serverUri(String server) {
        String s = server.trim();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            URI uri = new URI(s);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
                throw new CliError(ExitCode.USAGE, "server '" + server + "' is not an http:// or https:// address"
                        + " such as https://rehearsal.example.com");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new CliError(ExitCode.USAGE, "server '" + server + "' is not a valid address: " + e.getReason());
        }
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
