package dev.rehearsal.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "verify", description = {"Verifies a signed report or compliance export OFFLINE: the DSSE envelope's"
        + " Ed25519 signature against public keys you trust. Nothing is asked of the server.",
        "Keys: --key FILE.pem (or KEYID=FILE.pem), or --keys FILE holding the daemon's keys as"
        + " 'rehearsal keys -o json' prints them.",
        "Exit status 0 when a signature verifies, 8 when none does, the envelope is unsigned, or the file is not one."})
final class VerifyCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ENVELOPE", description = "The envelope: 'rehearsal drill evidence ID',"
            + " 'rehearsal plan evidence RUN_ID' or 'rehearsal export' wrote it")
    Path file;

    @Option(names = "--key", paramLabel = "[KEYID=]PEM", description = "A trusted Ed25519 public key in PEM; with KEYID="
            + " it is trusted for signatures of that key id only")
    List<String> pems = new ArrayList<>();

    @Option(names = "--keys", paramLabel = "KEYS_JSON", description = "The daemon's public keys as GET"
            + " /api/v1/evidence/keys answers ('rehearsal keys -o json > keys.json')")
    Path keysFile;

    @Option(names = "--print-payload", description = "After verifying, print the payload itself (the statement, or the"
            + " compliance document or CSV) instead of a summary")
    boolean printPayload;

    private final Rehearsal root;

    VerifyCommand(Rehearsal root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        List<Dsse.TrustedKey> keys = trustedKeys();
        Dsse.Envelope envelope = Dsse.parse(read(file), file.toString());
        Dsse.Verdict verdict = Dsse.verify(envelope, keys);
        String sha256 = sha256(envelope.payload());
        if (!verdict.verified()) {
            if (root.json()) {
                root.print(ApiClient.JSON.createObjectNode().put("verified", false).put("file", file.toString())
                        .put("reason", verdict.reason()).put("payloadType", envelope.payloadType()).put("payloadSha256", sha256));
            }
            throw new CliError(ExitCode.NOT_VERIFIED, "NOT verified: " + file + ": " + verdict.reason());
        }
        if (printPayload) {
            root.context.out().println(new String(envelope.payload(), StandardCharsets.UTF_8));
            return ExitCode.OK;
        }
        JsonNode payload = payloadJson(envelope);
        if (root.json()) {
            ObjectNode o = ApiClient.JSON.createObjectNode().put("verified", true).put("file", file.toString())
                    .put("keyId", verdict.keyId()).put("payloadType", envelope.payloadType()).put("payloadSha256", sha256);
            if (payload != null) {
                o.set("payload", payload);
            }
            root.print(o);
            return ExitCode.OK;
        }
        var out = root.context.out();
        out.println("Verified: " + file + " is signed by key '" + verdict.keyId() + "' (Ed25519).");
        out.println("Payload:  " + envelope.payloadType() + ", sha256 " + sha256);
        if (payload != null && payload.has("predicateType")) {
            out.println("Claim:    " + payload.path("predicateType").asString());
            for (JsonNode s : payload.path("subject")) {
                out.println("Subject:  " + s.path("name").asString() + " (manifest sha256 "
                        + s.path("digest").path("sha256").asString() + ")");
            }
            JsonNode report = payload.path("predicate").path("report");
            String outcome = ApiClient.text(report, "outcome") != null ? ApiClient.text(report, "outcome") : ApiClient.text(report, "status");
            String id = ApiClient.text(report, "drillId") != null ? "drill " + ApiClient.text(report, "drillId")
                    : ApiClient.text(report, "runId") != null ? "plan run " + ApiClient.text(report, "runId") : "report";
            out.println("Report:   " + id + (outcome != null ? ": " + outcome : "")
                    + (ApiClient.text(report, "finishedAt") != null ? ", finished " + Formats.time(report, "finishedAt") : ""));
        } else if (payload != null && "rehearsal-compliance".equals(ApiClient.text(payload, "format"))) {
            out.println("Evidence: compliance from " + Formats.time(payload, "from") + " to " + Formats.time(payload, "to")
                    + ", " + payload.path("tables").size() + " tables, " + payload.path("plans").size() + " plans");
        }
        return ExitCode.OK;
    }

    private List<Dsse.TrustedKey> trustedKeys() {
        List<Dsse.TrustedKey> keys = new ArrayList<>();
        for (String spec : pems) {
            int eq = spec.indexOf('=');
            String keyId = eq > 0 ? spec.substring(0, eq) : null;
            Path pem = Path.of(eq > 0 ? spec.substring(eq + 1) : spec);
            keys.add(new Dsse.TrustedKey(keyId, Dsse.publicKeyFromPem(new String(read(pem), StandardCharsets.UTF_8),
                    pem.toString()), pem.toString()));
        }
        if (keysFile != null) {
            JsonNode doc;
            try {
                doc = ApiClient.JSON.readTree(read(keysFile));
            } catch (JacksonException e) {
                throw new CliError(ExitCode.USAGE, keysFile + " is not JSON: " + e.getOriginalMessage());
            }
            JsonNode list = doc.path("keys");
            if (!list.isArray()) {
                throw new CliError(ExitCode.USAGE, keysFile + " has no 'keys' list; save it with 'rehearsal keys -o json'");
            }
            for (JsonNode k : list) {
                String keyId = ApiClient.text(k, "keyId");
                String from = keysFile + " key '" + keyId + "'";
                if (ApiClient.text(k, "publicKeyDer") != null) {
                    keys.add(new Dsse.TrustedKey(keyId, Dsse.publicKeyFromDer(
                            Base64.getDecoder().decode(ApiClient.text(k, "publicKeyDer")), from), from));
                } else if (ApiClient.text(k, "publicKeyPem") != null) {
                    keys.add(new Dsse.TrustedKey(keyId, Dsse.publicKeyFromPem(ApiClient.text(k, "publicKeyPem"), from), from));
                }
            }
        }
        if (keys.isEmpty()) {
            throw new CliError(ExitCode.USAGE, "verify needs a public key to trust: --key FILE.pem, or --keys FILE saved"
                    + " with 'rehearsal keys -o json > keys.json' (compare its fingerprint with your operator's)");
        }
        return keys;
    }

    private static JsonNode payloadJson(Dsse.Envelope e) {
        if (!e.payloadType().endsWith("+json") && !e.payloadType().equals("application/json")) {
            return null;
        }
        try {
            return ApiClient.JSON.readTree(e.payload());
        } catch (JacksonException notJson) {
            return null;
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CliError(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
