package dev.rehearsal.cli;

import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "keys", description = {"Lists the daemon's public keys for signed evidence, active and retired, with"
        + " each key's SHA-256 fingerprint.",
        "'rehearsal keys -o json > keys.json' saves them for 'rehearsal verify --keys keys.json'; compare the"
        + " fingerprints with the ones your operator publishes before trusting them."})
final class KeysCommand implements Callable<Integer> {

    private final Rehearsal root;

    KeysCommand(Rehearsal root) {
        this.root = root;
    }

    @Override
    public Integer call() {
        JsonNode keys = root.api().get("/api/v1/evidence/keys");
        if (root.json()) {
            root.print(keys);
            return ExitCode.OK;
        }
        if (!keys.path("signing").asBoolean()) {
            root.context.out().println("The daemon signs nothing: no signing key is configured; reports are stored unsigned.");
        }
        TextTable t = new TextTable("KEY ID", "STATUS", "ALGORITHM", "FINGERPRINT (SHA-256 OF THE PUBLIC KEY)");
        for (JsonNode k : keys.path("keys")) {
            String der = ApiClient.text(k, "publicKeyDer");
            t.row(ApiClient.text(k, "keyId"), ApiClient.text(k, "status"), ApiClient.text(k, "algorithm"),
                    der == null ? null : VerifyCommand.sha256(Base64.getDecoder().decode(der)));
        }
        t.print(root.context.out(), "No keys.");
        return ExitCode.OK;
    }
}
