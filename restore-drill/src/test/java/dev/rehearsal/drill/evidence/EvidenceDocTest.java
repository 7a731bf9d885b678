package dev.rehearsal.drill.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/EVIDENCE.md's "Verifying a report by hand", run as written with jq, base64, printf and
 * openssl against an envelope signed here with a key that openssl made: the untouched envelope
 * verifies, a changed payload byte or key id does not. Skipped where those tools are missing.
 */
class EvidenceDocTest {

    private static final Path DOC = Path.of("..", "docs", "EVIDENCE.md");

    @TempDir
    Path dir;
    SigningKey key;
    String script;

    @BeforeEach
    void keyAndScript() throws Exception {
        for (String tool : List.of("openssl", "jq", "base64", "bash")) {
            assumeTrue(run(List.of("sh", "-c", "command -v " + tool)).exit() == 0, tool + " is not installed");
        }
        assertThat(run(List.of("openssl", "genpkey", "-algorithm", "ed25519", "-out", "signing.pem")).exit()).isZero();
        key = EvidenceKeys.signingKey("rehearsal-2026", dir.resolve("signing.pem"), "rehearsal.evidence.signing-key");
        Files.writeString(dir.resolve("keys.json"), JsonMapper.builder().build().writeValueAsString(Map.of("signing", true,
                "activeKeyId", "rehearsal-2026", "keys", List.of(Map.of("keyId", "rehearsal-2026", "algorithm", "Ed25519",
                        "status", "active", "publicKeyPem", key.publicEntry().pem(), "publicKeyDer",
                        key.publicEntry().derBase64())))));
        Matcher block = Pattern.compile("```sh\n(curl[^`]*?openssl pkeyutl -verify[^`]*?)```").matcher(
                Files.readString(DOC, StandardCharsets.UTF_8));
        assertThat(block.find()).as("the hand verification block of " + DOC).isTrue();
        // The two curl lines fetch what this test writes itself.
        script = "set -e\n" + block.group(1).lines().filter(l -> !l.startsWith("curl ")).reduce("", (a, l) -> a + l + "\n");
    }

    @Test
    void anUntouchedReportVerifiesByHand() throws Exception {
        Files.writeString(dir.resolve("envelope.json"), Dsse.sign(Statements.IN_TOTO_TYPE, DsseTest.statement(), key).toJson());
        Result r = run(List.of("bash", "-c", script));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("Signature Verified Successfully").contains(Statements.DRILL_PREDICATE)
                .contains("prod/orders/20261207T120000Z-abc").contains("\"outcome\": \"PASSED\"");
        // The public key the daemon serves is the one openssl derives from the private key.
        assertThat(run(List.of("openssl", "pkey", "-in", "signing.pem", "-pubout")).output()).isEqualTo(key.publicEntry().pem());
    }

    @Test
    void aChangedPayloadByteOrKeyIdFailsByHand() throws Exception {
        Envelope e = Dsse.sign(Statements.IN_TOTO_TYPE, DsseTest.statement(), key);
        byte[] payload = e.payload().clone();
        payload[40] ^= 1;
        Files.writeString(dir.resolve("envelope.json"), new Envelope(e.payloadType(), payload, e.signatures()).toJson());
        Result changed = run(List.of("bash", "-c", script));
        assertThat(changed.exit()).isNotZero();
        assertThat(changed.output()).contains("Signature Verification Failure");

        Files.writeString(dir.resolve("envelope.json"), new Envelope(e.payloadType(), e.payload(),
                List.of(new Envelope.Signature("rehearsal-2027", e.signatures().get(0).sig()))).toJson());
        assertThat(run(List.of("bash", "-c", script)).exit()).as("no key by that id").isNotZero();
        assertThat(Base64.getDecoder().decode(e.toJson().replaceAll(".*\"sig\":\"([^\"]+)\".*", "$1"))).hasSize(64);
    }

    record Result(int exit, String output) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }
}
