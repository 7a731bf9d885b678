package dev.rehearsal.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;

/**
 * The {@code rehearsal} command and its options shared by every subcommand. Each subcommand is built
 * with this object, from which it gets the streams, the credentials and the API client.
 */
@Command(name = "rehearsal", mixinStandardHelpOptions = true, versionProvider = Rehearsal.Version.class,
        description = "Rehearsal's command line: tables, backups, drills, restores and plans of a Rehearsal daemon.",
        subcommands = {LoginCommand.class, LogoutCommand.class, TablesCommand.class, BackupsCommand.class,
                DrillCommand.class, RestoreCommand.class, PlanCommand.class, CancelCommand.class, AuditCommand.class,
                VerifyCommand.class, KeysCommand.class, ExportCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {"    0  done, and a job followed to its end succeeded",
                "    1  the job failed (a drill failed, a restore or plan run failed)",
                "    2  usage: a wrong command line, or input the server refused as invalid",
                "    3  no token, a token the server refused, or a role too small",
                "    4  not found: the source, table, backup, drill, restore or run named",
                "    5  the server cannot be reached",
                "    6  refused: a conflict (already running, not covered) or busy (409, 429)",
                "    7  the server failed (5xx)",
                "    8  verify: no signature verifies, or the envelope is unsigned",
                "    9  the job was cancelled",
                "  130  Ctrl-C: stopped following; the job goes on",
                "%nThe server: --server, else REHEARSAL_SERVER, else the one of 'rehearsal login'.",
                "The token: REHEARSAL_TOKEN, else the one 'rehearsal login' stored."})
public final class Rehearsal {

    /** How results are printed. */
    enum Output { table, json }

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The daemon's address, e.g. https://rehearsal.example.com (default: REHEARSAL_SERVER, then the one you logged in to)")
    String server;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for people, the default) or json (for scripts)")
    Output output = Output.table;

    final Context context;
    private ApiClient api;

    Rehearsal(Context context) {
        this.context = context;
    }

    public static void main(String[] args) {
        System.exit(run(Context.system(), args));
    }

    /** Runs the command line and returns its exit status; what the tests call. */
    static int run(Context context, String... args) {
        Rehearsal root = new Rehearsal(context);
        CommandLine cli = new CommandLine(root, new Factory(root));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(new PrintWriter(context.out(), true));
        cli.setErr(new PrintWriter(context.err(), true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            context.out().flush();
            if (e instanceof CliError error) {
                context.err().println("rehearsal: " + error.getMessage());
                return error.exitCode();
            }
            context.err().println("rehearsal: " + e);
            return ExitCode.SERVER_ERROR;
        });
        int code = cli.execute(args);
        context.out().flush();
        context.err().flush();
        return code;
    }

    Credentials credentials() {
        return new Credentials(context);
    }

    /** The API client with the server and token resolved; refuses without a token. */
    ApiClient api() {
        if (api == null) {
            Credentials.Resolved r = credentials().resolve(server);
            if (r.token() == null) {
                throw new CliError(ExitCode.AUTH, "no token for " + r.server() + ": run 'rehearsal login --server "
                        + r.server() + "' or set " + Credentials.TOKEN_ENV);
            }
            api = new ApiClient(r.server(), r.token());
        }
        return api;
    }

    boolean json() {
        return output == Output.json;
    }

    /** Prints a JSON document, indented, as the result of a command. */
    void print(JsonNode node) {
        context.out().println(ApiClient.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node));
    }

    /** Builds each command with the root, when it takes one. */
    private record Factory(Rehearsal root) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == Rehearsal.class) {
                return type.cast(root);
            }
            try {
                Constructor<K> c = type.getDeclaredConstructor(Rehearsal.class);
                c.setAccessible(true);
                return c.newInstance(root);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Rehearsal.class.getPackage().getImplementationVersion();
            return new String[] {"rehearsal " + (v == null ? "(development build)" : v)};
        }
    }
}
