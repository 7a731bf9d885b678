package dev.rehearsal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rehearsal.core.testing.DynamoDbLocal;
import dev.rehearsal.core.testing.TestTables;
import dev.rehearsal.dashboard.RehearsalApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The packaged command ({@code cli/rehearsal} running {@code target/rehearsal-cli.jar}) in a real
 * terminal: a tmux pane on a tmux server of this test's own, against the real daemon. What a person
 * would see is read back from the pane: the progress bar redrawn in place on one line and ending at
 * 100%, and Ctrl-C asking whether to cancel, then cancelling. Runs after {@code package} (failsafe),
 * since it needs the jar; needs Debian's {@code tmux} (./test.sh installs it).
 */
@SpringBootTest(classes = RehearsalApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TerminalIT {

    static final DynamoDbLocal source = DynamoDbLocal.shared();
    static final DynamoDbLocal sandbox = DynamoDbLocal.start();
    static final String TABLE = TestTables.uniqueName("tty");
    static final String BIG = TABLE + "-big";
    static final String TMUX_SERVER = "rehearsal-cli-it-" + ProcessHandle.current().pid();
    static final Path LAUNCHER = Path.of("rehearsal").toAbsolutePath();
    static final Path JAR = Path.of("target", "rehearsal-cli.jar").toAbsolutePath();

    @DynamicPropertySource
    static void configure(DynamicPropertyRegistry r) throws Exception {
        try (DynamoDbClient c = source.client()) {
            TestTables.createSimple(c, TABLE);
            TestTables.fill(c, TABLE, 4_000, 100);
            TestTables.createSimple(c, BIG);
            TestTables.fill(c, BIG, 40_000, 100);
        }
        new TestDaemon("cli-terminal-test", source, sandbox, Files.createTempDirectory("rehearsal-cli-terminal"))
                .policy("main", TABLE, BIG).addTo(r);
    }

    @BeforeAll
    static void tools() {
        assertThat(Files.isExecutable(LAUNCHER)).as("the launcher script " + LAUNCHER).isTrue();
        assertThat(JAR).as("the runnable jar, built by 'package' before this test").exists();
        boolean tmux;
        try {
            tmux = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            tmux = false;
        }
        assertThat(tmux).as("tmux on the PATH (Debian package 'tmux'; ./test.sh installs it)").isTrue();
    }

    @AfterAll
    static void stopTmux() throws Exception {
        new ProcessBuilder("tmux", "-L", TMUX_SERVER, "kill-server").redirectErrorStream(true).start().waitFor();
    }

    @Autowired
    Environment environment;
    @TempDir
    Path dir;
    String server;

    @BeforeEach
    void backups() {
        server = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        for (String table : List.of(TABLE, BIG)) {
            CliRun shell = new CliRun(dir).env("REHEARSAL_SERVER", server).env("REHEARSAL_TOKEN", TestDaemon.OPERATOR);
            if (shell.run("backups", "list", "--table", table, "-o", "json").json().isEmpty()) {
                CliRun.Result b = shell.run("backups", "start", "local", table, "--wait");
                assertThat(b.code()).as(b.toString()).isZero();
            }
        }
    }

    @Test
    void theRunnableJarHoldsTheClientPicocliAndJacksonAndNothingOfTheDaemon() throws Exception {
        List<String> tops;
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo(Rehearsal.class.getName());
            tops = jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.startsWith("META-INF/"))
                    .map(n -> n.startsWith("dev/rehearsal/") ? n.substring(0, n.indexOf('/', 14) + 1)
                            : n.substring(0, n.indexOf('/') + 1))
                    .distinct().sorted().toList();
        }
        assertThat(tops).as("neither the daemon, nor Spring, nor the AWS SDK at run time")
                .containsExactlyInAnyOrder("dev/rehearsal/cli/", "picocli/", "tools/", "com/");
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR.toFile())) {
            assertThat(jar.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.startsWith("com/")
                    && n.endsWith(".class")).allMatch(n -> n.startsWith("com/fasterxml/jackson/annotation/")))
                    .as("com/ holds Jackson's annotations only").isTrue();
        }
    }

    @Test
    void theProgressBarIsRedrawnInPlaceAndEndsAt100Percent() throws Exception {
        String pane = start("bar", "restore", "start", "local", TABLE);
        String screen = await(pane, s -> s.contains("EXIT="), Duration.ofMinutes(3));
        assertThat(exit(screen)).as(screen).isEqualTo(ExitCode.OK);
        assertThat(screen).contains(": following; Ctrl-C asks whether to cancel it");
        List<String> bars = screen.lines().filter(l -> l.startsWith("[")).toList();
        assertThat(bars).as("one line, redrawn in place:\n" + screen).hasSize(1);
        assertThat(bars.get(0)).contains("[########################] 100.0%").contains("4,000/4,000 items")
                .contains("SUCCEEDED");
        assertThat(screen).contains("SUCCEEDED: 4,000 items of local/" + TABLE).contains("and verified");
    }

    @Test
    void ctrlCAsksWhetherToCancelNoGoesOnFollowingAndYesCancelsTheRestore() throws Exception {
        String pane = start("ctrl-c", "restore", "start", "local", BIG);
        await(pane, s -> Pattern.compile("[1-9][0-9,]*/40,000 items").matcher(s).find() || s.contains("EXIT="),
                Duration.ofMinutes(2));
        tmux("send-keys", "-t", pane, "C-c");
        String asked = await(pane, s -> s.contains("Cancel restore") || s.contains("EXIT="), Duration.ofSeconds(60));
        assertThat(asked).as("asked, not ended").contains("? The half-loaded table is deleted. [y/N]").doesNotContain("EXIT=");
        tmux("send-keys", "-t", pane, "n", "Enter");
        await(pane, s -> s.contains("not cancelled; following again"), Duration.ofSeconds(60));

        tmux("send-keys", "-t", pane, "C-c");
        await(pane, s -> s.split("Cancel restore", -1).length == 3 || s.contains("EXIT="), Duration.ofSeconds(60));
        tmux("send-keys", "-t", pane, "y", "Enter");
        String screen = await(pane, s -> s.contains("EXIT="), Duration.ofMinutes(2));
        assertThat(exit(screen)).as(screen).isEqualTo(ExitCode.CANCELLED);
        assertThat(screen).contains("cancelling restore").contains("CANCELLED");
        assertThat(screen).doesNotContain("40,000/40,000 items");
    }

    @Test
    void loginAsksForTheTokenWithoutEchoingItAndStoresIt() throws Exception {
        String pane = start("login", "login", "--server", server);
        await(pane, s -> s.contains("API token for " + server + ": "), Duration.ofMinutes(1));
        tmux("send-keys", "-t", pane, "-l", TestDaemon.VIEWER);
        tmux("send-keys", "-t", pane, "Enter");
        String screen = await(pane, s -> s.contains("EXIT="), Duration.ofMinutes(1));
        assertThat(exit(screen)).as(screen).isZero();
        assertThat(screen).as("the token is never shown").doesNotContain(TestDaemon.VIEWER).contains("Signed in to " + server);
        assertThat(Files.readString(dir.resolve("rehearsal/credentials"))).contains(TestDaemon.VIEWER);
    }

    /** Starts the launcher in a new tmux window of its own; returns the pane's target. */
    private String start(String name, String... args) throws Exception {
        Path script = dir.resolve(name + ".sh");
        // The shell waits out Ctrl-C (which the terminal sends to it too) to print the exit status.
        StringBuilder command = new StringBuilder("#!/bin/sh\ntrap true INT\n")
                .append("export REHEARSAL_SERVER='").append(server).append("'\n")
                .append(args[0].equals("login") ? "" : "export REHEARSAL_TOKEN='" + TestDaemon.OPERATOR + "'\n")
                .append("export XDG_CONFIG_HOME='").append(dir).append("'\n")
                .append("export REHEARSAL_CLI_JAR='").append(JAR).append("'\n")
                .append("'").append(LAUNCHER).append("'");
        for (String a : args) {
            command.append(" '").append(a).append("'");
        }
        command.append("\necho \"EXIT=$?\"\nsleep 600\n");
        Files.writeString(script, command.toString(), StandardCharsets.UTF_8);
        String session = name;
        tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "40", "sh " + script);
        return session + ":0.0";
    }

    private static String await(String pane, Predicate<String> done, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            screen = tmux("capture-pane", "-p", "-J", "-t", pane, "-S", "-200");
            if (done.test(screen)) {
                System.out.println("---- the terminal " + pane + " shows:\n" + screen.stripTrailing());
                return screen;
            }
            Thread.sleep(150);
        }
        throw new AssertionError("gave up waiting on the terminal; it shows:\n" + screen);
    }

    private static int exit(String screen) {
        Matcher m = Pattern.compile("EXIT=(\\d+)").matcher(screen);
        assertThat(m.find()).as(screen).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", TMUX_SERVER));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}
