package dev.rehearsal.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", description = {"Signs in once: checks the API token against the server and stores both in"
        + " ~/.config/rehearsal/credentials, readable by you only (0600).",
        "Without a terminal, give the token on standard input with --token-stdin."})
final class LoginCommand implements Callable<Integer> {

    @Option(names = "--token-stdin", description = "Read the token from the first line of standard input")
    boolean tokenStdin;

    private final Rehearsal root;

    LoginCommand(Rehearsal root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        Credentials credentials = root.credentials();
        String serverText = root.server != null ? root.server : root.context.env().get(Credentials.SERVER_ENV);
        if (serverText == null || serverText.isBlank()) {
            throw new CliError(ExitCode.USAGE, "login needs the server: rehearsal login --server https://rehearsal.example.com");
        }
        URI server = Credentials.serverUri(serverText);
        String token = token(server);
        // A token is stored only once the server has accepted it.
        new ApiClient(server, token).get("/api/v1/coverage");
        credentials.store(server, token);
        if (root.json()) {
            root.print(ApiClient.JSON.createObjectNode().put("server", server.toString())
                    .put("credentials", credentials.file().toString()));
        } else {
            root.context.out().println("Signed in to " + server + "; the token is stored in " + credentials.file()
                    + " (readable by you only).");
        }
        return ExitCode.OK;
    }

    private String token(URI server) {
        String token;
        if (tokenStdin) {
            try {
                token = new BufferedReader(new InputStreamReader(root.context.in(), StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                throw new CliError(ExitCode.USAGE, "cannot read the token from standard input: " + e.getMessage(), e);
            }
        } else if (root.context.terminal().interactive()) {
            char[] secret = root.context.terminal().askSecret("API token for " + server + ": ");
            token = secret == null ? null : new String(secret);
        } else {
            throw new CliError(ExitCode.USAGE, "no terminal to ask for the token on: give it on standard input with"
                    + " --token-stdin, or set " + Credentials.TOKEN_ENV + " instead of logging in");
        }
        if (token == null || token.isBlank()) {
            throw new CliError(ExitCode.USAGE, "no token given");
        }
        return token.trim();
    }
}
