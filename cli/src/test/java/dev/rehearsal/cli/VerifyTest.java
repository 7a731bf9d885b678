package dev.rehearsal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code rehearsal verify} offline, against envelopes signed here with the JDK's Ed25519 as
 * docs/EVIDENCE.md specifies them: a good one verifies; one byte changed anywhere (payload, type,
 * signature), an unsigned envelope, another key, or a key trusted for another key id does not.
 */
class VerifyTest {

    static final String STATEMENT = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":"
            + "\"local/orders/20261207T030000.000Z-9f3a61c2\",\"digest\":{\"sha256\":\""
            + "a".repeat(64) + "\"}}],\"predicateType\":\"https://rehearsal.dev/attestations/drill-report/v1\","
            + "\"predicate\":{\"producer\":{\"name\":\"rehearsal\"},\"report\":{\"drillId\":\"20261207t030000-9f3a61\","
            + "\"outcome\":\"PASSED\",\"finishedAt\":\"2026-12-07T03:01:00Z\"}}}";
    static final String TYPE = "application/vnd.in-toto+json";

    @TempDir
    Path dir;

    @Test
    void thePreAuthenticationEncodingIsTheOneDsseSpecifies() {
        assertThat(new String(Dsse.pae("t", "abc".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .isEqualTo("DSSEv1 1 t 3 abc");
        // Lengths count bytes, not characters.
        assertThat(Dsse.pae("ü", "é".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("DSSEv1 2 ü 2 é".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(Dsse.pae(TYPE, new byte[0]), StandardCharsets.UTF_8)).isEqualTo("DSSEv1 28 " + TYPE + " 0 ");
    }

    @Test
    void aSignedReportVerifiesWithItsKeyAndSaysWhatItClaims() throws Exception {
        KeyPair key = ed25519();
        Path envelope = write("report.dsse.json", envelope(TYPE, STATEMENT.getBytes(StandardCharsets.UTF_8), "k-2026",
                key.getPrivate()));
        Path pem = pem("k-2026.pem", key.getPublic());

        CliRun.Result ok = new CliRun(dir).run("verify", envelope.toString(), "--key", pem.toString());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("Verified").contains("key 'k-2026'")
                .contains("https://rehearsal.dev/attestations/drill-report/v1")
                .contains("local/orders/20261207T030000.000Z-9f3a61c2").contains("PASSED");

        CliRun.Result byId = new CliRun(dir).run("verify", envelope.toString(), "--key", "k-2026=" + pem, "-o", "json");
        assertThat(byId.code()).isZero();
        assertThat(byId.json().get("verified").asBoolean()).isTrue();
        assertThat(byId.json().get("payload").get("predicate").get("report").get("outcome").asString()).isEqualTo("PASSED");

        CliRun.Result payload = new CliRun(dir).run("verify", envelope.toString(), "--key", pem.toString(), "--print-payload");
        assertThat(payload.out().trim()).isEqualTo(STATEMENT);
    }

    @Test
    void aKeysFileAsTheDaemonServesItIsTrustedByKeyId() throws Exception {
        KeyPair old = ed25519();
        KeyPair active = ed25519();
        Path envelope = write("old.dsse.json", envelope(TYPE, STATEMENT.getBytes(StandardCharsets.UTF_8), "k-2025",
                old.getPrivate()));
        ObjectNode keys = ApiClient.JSON.createObjectNode().put("signing", true).put("activeKeyId", "k-2026");
        keys.putArray("keys")
                .add(ApiClient.JSON.createObjectNode().put("keyId", "k-2026").put("status", "active")
                        .put("publicKeyDer", Base64.getEncoder().encodeToString(active.getPublic().getEncoded())))
                .add(ApiClient.JSON.createObjectNode().put("keyId", "k-2025").put("status", "retired")
                        .put("publicKeyPem", pemText(old.getPublic())));
        Path keysFile = write("keys.json", ApiClient.JSON.writeValueAsString(keys));
        CliRun.Result ok = new CliRun(dir).run("verify", envelope.toString(), "--keys", keysFile.toString());
        assertThat(ok.code()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("key 'k-2025'");

        // The active key trusted for its own id does not vouch for a signature under another id.
        Path mislabelled = write("mislabelled.dsse.json", envelope(TYPE, STATEMENT.getBytes(StandardCharsets.UTF_8),
                "k-2025", active.getPrivate()));
        CliRun.Result no = new CliRun(dir).run("verify", mislabelled.toString(), "--keys", keysFile.toString());
        assertThat(no.code()).isEqualTo(ExitCode.NOT_VERIFIED);
        assertThat(no.err()).contains("NOT verified").contains("does not verify with key 'k-2025'");
    }

    @Test
    void oneChangedByteAnywhereFailsVerification() throws Exception {
        KeyPair key = ed25519();
        Path pem = pem("k.pem", key.getPublic());
        byte[] payload = STATEMENT.getBytes(StandardCharsets.UTF_8);
        byte[] signature = sign(key.getPrivate(), Dsse.pae(TYPE, payload));
        assertThat(verify(document(TYPE, payload, "k", signature), pem).code()).as("the untouched envelope").isZero();

        for (int i = 0; i < payload.length; i += 7) {
            byte[] changed = payload.clone();
            changed[i] ^= 0x01;
            CliRun.Result r = verify(document(TYPE, changed, "k", signature), pem);
            assertThat(r.code()).as("payload byte " + i + " changed").isEqualTo(ExitCode.NOT_VERIFIED);
            assertThat(r.err()).contains("changed after it was signed");
        }
        assertThat(verify(document(TYPE.replace("json", "jsoN"), payload, "k", signature), pem).code())
                .as("the payload type is signed too").isEqualTo(ExitCode.NOT_VERIFIED);
        for (int i = 0; i < signature.length; i += 5) {
            byte[] changed = signature.clone();
            changed[i] ^= 0x40;
            assertThat(verify(document(TYPE, payload, "k", changed), pem).code()).as("signature byte " + i)
                    .isEqualTo(ExitCode.NOT_VERIFIED);
        }
        assertThat(verify(document(TYPE, payload, "k", java.util.Arrays.copyOf(signature, 63)), pem).code())
                .as("a truncated signature").isEqualTo(ExitCode.NOT_VERIFIED);

        // The same bytes spelled otherwise (no padding): refused, so that one signature has one envelope.
        String good = document(TYPE, payload, "k", signature);
        String padded = Base64.getEncoder().encodeToString(payload);
        assertThat(padded).endsWith("=");
        CliRun.Result unpadded = verify(good.replace(padded, padded.replace("=", "")), pem);
        assertThat(unpadded.code()).isEqualTo(ExitCode.NOT_VERIFIED);
        assertThat(unpadded.err()).contains("'payload'").contains("standard base64");
    }

    @Test
    void unsignedOtherKeyOrNotAnEnvelopeAreNotVerifiedAndSaySo() throws Exception {
        KeyPair key = ed25519();
        Path pem = pem("k.pem", key.getPublic());
        Path unsigned = write("unsigned.json", "{\"payloadType\":\"" + TYPE + "\",\"payload\":\""
                + Base64.getEncoder().encodeToString(STATEMENT.getBytes(StandardCharsets.UTF_8)) + "\",\"signatures\":[]}");
        CliRun.Result u = new CliRun(dir).run("verify", unsigned.toString(), "--key", pem.toString());
        assertThat(u.code()).isEqualTo(ExitCode.NOT_VERIFIED);
        assertThat(u.err()).contains("unsigned").contains("no signing key");

        Path other = write("other.json", envelope(TYPE, STATEMENT.getBytes(StandardCharsets.UTF_8), "k", ed25519().getPrivate()));
        assertThat(new CliRun(dir).run("verify", other.toString(), "--key", pem.toString()).code())
                .isEqualTo(ExitCode.NOT_VERIFIED);

        CliRun.Result unknownId = new CliRun(dir).run("verify", other.toString(), "--key", "someone-else=" + pem);
        assertThat(unknownId.code()).isEqualTo(ExitCode.NOT_VERIFIED);
        assertThat(unknownId.err()).contains("no trusted key").contains("'k'");

        Path record = write("drill.json", "{\"drillId\":\"x\",\"evidence\":{\"signed\":true}}");
        CliRun.Result notEnvelope = new CliRun(dir).run("verify", record.toString(), "--key", pem.toString());
        assertThat(notEnvelope.code()).isEqualTo(ExitCode.NOT_VERIFIED);
        assertThat(notEnvelope.err()).contains("not a DSSE envelope").contains("rehearsal drill evidence");

        CliRun.Result noKey = new CliRun(dir).run("verify", other.toString());
        assertThat(noKey.code()).isEqualTo(ExitCode.USAGE);
        assertThat(noKey.err()).contains("needs a public key to trust");

        Path notPem = write("not.pem", "hello");
        CliRun.Result badPem = new CliRun(dir).run("verify", other.toString(), "--key", notPem.toString());
        assertThat(badPem.code()).isEqualTo(ExitCode.USAGE);
        assertThat(badPem.err()).contains(notPem.toString()).contains("not a PEM public key");

        CliRun.Result missing = new CliRun(dir).run("verify", dir.resolve("nope.json").toString(), "--key", pem.toString());
        assertThat(missing.code()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("nope.json");
    }

    // ---- helpers: an Ed25519 signer written for the test from the JDK, as the daemon's would be

    private CliRun.Result verify(String envelope, Path pem) throws Exception {
        Path f = dir.resolve("e" + System.nanoTime() + ".json");
        Files.writeString(f, envelope);
        return new CliRun(dir).run("verify", f.toString(), "--key", pem.toString());
    }

    static KeyPair ed25519() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    static byte[] sign(PrivateKey key, byte[] message) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    static String envelope(String type, byte[] payload, String keyId, PrivateKey key) throws Exception {
        return document(type, payload, keyId, sign(key, Dsse.pae(type, payload)));
    }

    static String document(String type, byte[] payload, String keyId, byte[] signature) {
        ObjectNode e = ApiClient.JSON.createObjectNode().put("payloadType", type)
                .put("payload", Base64.getEncoder().encodeToString(payload));
        e.putArray("signatures").add(ApiClient.JSON.createObjectNode().put("keyid", keyId)
                .put("sig", Base64.getEncoder().encodeToString(signature)));
        return ApiClient.JSON.writeValueAsString(e);
    }

    static String pemText(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    }

    private Path pem(String name, PublicKey key) throws Exception {
        return write(name, pemText(key));
    }

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
