package dev.rehearsal.drill.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rehearsal.drill.drill.DrillResult;
import dev.rehearsal.drill.drill.Outcome;
import dev.rehearsal.drill.restore.Phase;
import dev.rehearsal.drill.verify.CheckResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** DSSE envelopes of drill statements: signed, verified, and refused once any byte of them changed. */
class DsseTest {

    @TempDir
    static Path dir;

    static SigningKey current;
    static SigningKey retired;

    @BeforeAll
    static void loadKeys() throws Exception {
        current = EvidenceKeys.signingKey("rehearsal-2026", pemFile("current.pem"), "rehearsal.evidence.signing-key");
        retired = EvidenceKeys.signingKey("rehearsal-2025", pemFile("retired.pem"), "rehearsal.evidence.signing-key");
    }

    /** A fresh Ed25519 key written as openssl writes it (PEM, PKCS#8). */
    private static Path pemFile(String name) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path f = dir.resolve(name);
        Files.writeString(f, EvidenceKeys.pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(dir.resolve(name + ".pub"), EvidenceKeys.pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        return f;
    }

    @Test
    void paeIsTheSpecificationsExample() {
        assertThat(new String(Dsse.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
        // Lengths count bytes, not characters.
        assertThat(Dsse.pae("t", "é".getBytes(StandardCharsets.UTF_8))).isEqualTo("DSSEv1 1 t 2 é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePublicKeyIsDerivedFromThePrivateKeyAsRfc8032Says() throws Exception {
        // RFC 8032, section 7.1, test 1.
        byte[] pkcs8 = HexFormat.of().parseHex("302e020100300506032b657004220420"
                + "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        Path f = dir.resolve("rfc8032.pem");
        Files.writeString(f, EvidenceKeys.pem("PRIVATE KEY", pkcs8));
        SigningKey k = EvidenceKeys.signingKey("rfc", f, "rehearsal.evidence.signing-key");
        byte[] spki = k.publicKey().getEncoded();
        assertThat(HexFormat.of().formatHex(spki, spki.length - 32, spki.length))
                .isEqualTo("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        // The same key as the file written beside the private one.
        SigningKey fromFile = EvidenceKeys.signingKey("x", dir.resolve("current.pem"), "p");
        assertThat(fromFile.publicKey()).isEqualTo(EvidenceKeys.publicKey(dir.resolve("current.pem.pub"), "p"));
    }

    @Test
    void anUntouchedEnvelopeVerifiesAndReadsBackToTheStatement() {
        Envelope e = Dsse.sign(Statements.IN_TOTO_TYPE, statement(), current);
        Envelope read = Envelope.fromJson(e.toJson());
        Dsse.Verification v = Dsse.verify(read, keys());
        assertThat(v.status()).isEqualTo(Dsse.Status.VERIFIED);
        assertThat(v.keyId()).isEqualTo("rehearsal-2026");
        JsonNode s = JsonMapper.builder().build().readTree(read.payloadText());
        assertThat(s.path("_type").asString()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(s.path("predicateType").asString()).isEqualTo(Statements.DRILL_PREDICATE);
        assertThat(s.path("subject").get(0).path("name").asString()).isEqualTo("prod/orders/20261207T120000Z-abc");
        assertThat(s.path("subject").get(0).path("digest").path("sha256").asString()).isEqualTo("ab".repeat(32));
        assertThat(s.path("predicate").path("report").path("drillId").asString()).isEqualTo("d-1");
        assertThat(s.path("predicate").path("report").path("checks").get(0).path("evidence").asString())
                .isEqualTo("1,000 of 1,000 items");
        assertThat(s.path("predicate").path("producer").path("version").asString()).isEqualTo("1.2.3");
    }

    @Test
    void changingAnyOneByteOfTheEnvelopeFailsVerification() {
        String json = Dsse.sign(Statements.IN_TOTO_TYPE, statement(), current).toJson();
        byte[] bytes = json.getBytes(StandardCharsets.US_ASCII);
        List<String> acceptedAfterChange = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            for (int flip : new int[] {0x01, 0x02, 0x20}) {
                byte[] changed = bytes.clone();
                changed[i] = (byte) (changed[i] ^ flip);
                if (verifies(new String(changed, StandardCharsets.ISO_8859_1))) {
                    acceptedAfterChange.add("byte " + i + " ^ " + flip);
                }
            }
        }
        assertThat(acceptedAfterChange).isEmpty();
        assertThat(verifies(json)).isTrue();
    }

    @Test
    void aChangedPayloadSignatureOrKeyIdEachFailByName() {
        Envelope e = Dsse.sign(Statements.IN_TOTO_TYPE, statement(), current);
        byte[] payload = e.payload().clone();
        payload[payload.length / 2] ^= 1;
        assertThat(Dsse.verify(new Envelope(e.payloadType(), payload, e.signatures()), keys()).status())
                .isEqualTo(Dsse.Status.BAD_SIGNATURE);
        byte[] sig = e.signatures().get(0).sig().clone();
        sig[0] ^= 1;
        assertThat(Dsse.verify(new Envelope(e.payloadType(), e.payload(), List.of(new Envelope.Signature("rehearsal-2026", sig))),
                keys()).status()).isEqualTo(Dsse.Status.BAD_SIGNATURE);
        assertThat(Dsse.verify(new Envelope("application/json", e.payload(), e.signatures()), keys()).status())
                .isEqualTo(Dsse.Status.BAD_SIGNATURE);
        Envelope otherId = new Envelope(e.payloadType(), e.payload(), List.of(new Envelope.Signature("rehearsal-2027",
                e.signatures().get(0).sig())));
        assertThat(Dsse.verify(otherId, keys()).status()).isEqualTo(Dsse.Status.UNKNOWN_KEY);
        // Claiming the retired key's id for the current key's signature does not verify either.
        Envelope wrongId = new Envelope(e.payloadType(), e.payload(), List.of(new Envelope.Signature("rehearsal-2025",
                e.signatures().get(0).sig())));
        assertThat(Dsse.verify(wrongId, keys()).status()).isEqualTo(Dsse.Status.BAD_SIGNATURE);
    }

    @Test
    void aReportSignedWithARetiredKeyStaysVerifiableWithItsPublicKey() {
        Envelope old = Dsse.sign(Statements.IN_TOTO_TYPE, statement(), retired);
        assertThat(Dsse.verify(old, keys()).status()).isEqualTo(Dsse.Status.VERIFIED);
        assertThat(Dsse.verify(old, Map.of(current.keyId(), current.publicKey())).status())
                .isEqualTo(Dsse.Status.UNKNOWN_KEY);
    }

    @Test
    void withNoKeyTheEnvelopeIsUnsignedAndSaysSo() {
        Envelope e = Dsse.sign(Statements.IN_TOTO_TYPE, statement(), null);
        assertThat(e.toJson()).endsWith("\"signatures\":[]}");
        assertThat(Dsse.verify(Envelope.fromJson(e.toJson()), keys()).status()).isEqualTo(Dsse.Status.UNSIGNED);
        assertThat(e.payloadSha256()).hasSize(64);
    }

    @Test
    void malformedEnvelopesNameTheFieldAtFault() {
        assertThatThrownBy(() -> Envelope.fromJson("{\"payloadType\":\"t\",\"payload\":\"YQ==\"}"))
                .isInstanceOf(MalformedEnvelopeException.class).hasMessageContaining("'signatures'");
        assertThatThrownBy(() -> Envelope.fromJson("{\"payloadType\":\"t\",\"payload\":\"YR==\",\"signatures\":[]}"))
                .hasMessageContaining("'payload' is not base64 in its canonical spelling");
        assertThatThrownBy(() -> Envelope.fromJson("{\"payloadType\":\"t\",\"payload\":\"YQ==\",\"signatures\":[],"
                + "\"payload\":\"Yg==\"}")).isInstanceOf(MalformedEnvelopeException.class);
        assertThatThrownBy(() -> Envelope.fromJson("{\"payloadType\":\"t\",\"payload\":\"YQ==\",\"signatures\":"
                + "[{\"keyid\":\"k\",\"sig\":\"YQ==\",\"x\":1}]}")).hasMessageContaining("signatures[0] has an unknown field 'x'");
    }

    private static boolean verifies(String json) {
        try {
            return Dsse.verify(Envelope.fromJson(json), keys()).verified();
        } catch (MalformedEnvelopeException e) {
            return false;
        }
    }

    private static Map<String, PublicKey> keys() {
        return Map.of(current.keyId(), current.publicKey(), retired.keyId(), retired.publicKey());
    }

    static byte[] statement() {
        Instant start = Instant.parse("2026-12-07T12:00:00Z");
        DrillResult r = new DrillResult("d-1", "prod", "orders", "20261207T120000Z-abc", Duration.ofMinutes(5),
                "rehearsal-drill-orders", "local", start, start.plusSeconds(42), Outcome.PASSED,
                Map.of(Phase.values()[0], Duration.ofSeconds(3)),
                List.of(new CheckResult("item count", true, "1,000 of 1,000 items", List.of())), Duration.ofSeconds(40),
                1000, 50_000, List.of(), List.of());
        return Statements.drill(r, Statements.Subject.of("prod", "orders", "20261207T120000Z-abc", "ab".repeat(32)),
                new Statements.Producer("1.2.3"));
    }
}
